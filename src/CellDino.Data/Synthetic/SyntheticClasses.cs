namespace CellDino.Data.Synthetic;

/// <summary>
/// The protein-localization classes the synthetic HPA generator paints, and the channel orders of
/// both synthetic kinds. Class indices are what <see cref="Samples.SampleMetadata.Labels"/> holds.
/// </summary>
public static class SyntheticClasses
{
    /// <summary>Diffuse nuclear signal sparing the nucleoli.</summary>
    public const int Nucleoplasm = 0;

    /// <summary>A few bright blobs inside the nucleus.</summary>
    public const int Nucleoli = 1;

    /// <summary>A thin rim on the nuclear outline.</summary>
    public const int NuclearMembrane = 2;

    /// <summary>Diffuse cytoplasmic signal excluding the nucleus.</summary>
    public const int Cytosol = 3;

    /// <summary>Many small elongated cytoplasmic puncta.</summary>
    public const int Mitochondria = 4;

    /// <summary>The reticular network of the ER reference channel.</summary>
    public const int EndoplasmicReticulum = 5;

    /// <summary>A thin rim on the cell outline.</summary>
    public const int PlasmaMembrane = 6;

    /// <summary>Fewer, larger round cytoplasmic dots.</summary>
    public const int Vesicles = 7;

    /// <summary>Radial fibres of the microtubule reference channel.</summary>
    public const int Microtubules = 8;

    /// <summary>Class names, indexed by class id.</summary>
    public static IReadOnlyList<string> Names { get; } = new[]
    {
        "nucleoplasm", "nucleoli", "nuclear membrane", "cytosol", "mitochondria",
        "endoplasmic reticulum", "plasma membrane", "vesicles", "microtubules",
    };

    /// <summary>Number of classes.</summary>
    public static int Count => Names.Count;

    /// <summary>HPA channel order (Cell-DINO RGBA: red, green, blue, yellow).</summary>
    public static IReadOnlyList<string> HpaChannels { get; } = new[] { "microtubules", "protein", "nucleus", "er" };

    /// <summary>Cell Painting channel order used by Cell-DINO.</summary>
    public static IReadOnlyList<string> CellPaintingChannels { get; } = new[] { "DNA", "RNA", "ER", "AGP", "Mito" };
}
