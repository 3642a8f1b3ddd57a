namespace CellDino.Data.Samples;

/// <summary>
/// What is known about one sample: its identity, HPA labels (protein localization, cell line) and
/// Cell Painting layout (plate, well, site, treatment, mechanism of action, control flag).
/// Unused fields stay null; anything else a CSV carries is kept in <see cref="Extra"/>.
/// </summary>
public sealed record SampleMetadata
{
    /// <summary>Unique sample id (image id, or image id plus cell id for single cells).</summary>
    public required string Id { get; init; }

    /// <summary>Protein-localization class indices (multi-label; empty when unlabeled).</summary>
    public IReadOnlyList<int> Labels { get; init; } = Array.Empty<int>();

    /// <summary>Cell line, e.g. <c>U2OS</c>.</summary>
    public string? CellLine { get; init; }

    /// <summary>Source image id a single-cell crop was cut from.</summary>
    public string? ImageId { get; init; }

    /// <summary>Instance id of the cell within its image (single cells).</summary>
    public int? CellId { get; init; }

    /// <summary>Plate barcode.</summary>
    public string? Plate { get; init; }

    /// <summary>Well, e.g. <c>B03</c>.</summary>
    public string? Well { get; init; }

    /// <summary>Site (field) index within the well.</summary>
    public int? Site { get; init; }

    /// <summary>Treatment (compound or perturbation) name.</summary>
    public string? Treatment { get; init; }

    /// <summary>Mechanism of action of the treatment.</summary>
    public string? MechanismOfAction { get; init; }

    /// <summary>True for negative-control wells (e.g. DMSO).</summary>
    public bool IsControl { get; init; }

    /// <summary>Free-form columns carried through from the source CSV.</summary>
    public IReadOnlyDictionary<string, string> Extra { get; init; } = new Dictionary<string, string>();
}
