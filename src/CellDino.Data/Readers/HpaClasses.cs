namespace CellDino.Data.Readers;

/// <summary>Human Protein Atlas class and channel names.</summary>
public static class HpaClasses
{
    /// <summary>The 28 protein-localization classes of the Kaggle 2018 "Human Protein Atlas Image Classification" competition, index 0..27.</summary>
    public static IReadOnlyList<string> Names { get; } =
    [
        "Nucleoplasm", "Nuclear membrane", "Nucleoli", "Nucleoli fibrillar center", "Nuclear speckles", "Nuclear bodies",
        "Endoplasmic reticulum", "Golgi apparatus", "Peroxisomes", "Endosomes", "Lysosomes", "Intermediate filaments",
        "Actin filaments", "Focal adhesion sites", "Microtubules", "Microtubule ends", "Cytokinetic bridge", "Mitotic spindle",
        "Microtubule organizing center", "Centrosome", "Lipid droplets", "Plasma membrane", "Cell junctions", "Mitochondria",
        "Aggresome", "Cytosol", "Cytoplasmic bodies", "Rods & rings",
    ];

    /// <summary>The 19 classes of the Kaggle 2021 "HPA – Single Cell Classification" competition, index 0..18.</summary>
    public static IReadOnlyList<string> SingleCell2021Names { get; } =
    [
        "Nucleoplasm", "Nuclear membrane", "Nucleoli", "Nucleoli fibrillar center", "Nuclear speckles", "Nuclear bodies",
        "Endoplasmic reticulum", "Golgi apparatus", "Intermediate filaments", "Actin filaments", "Microtubules", "Mitotic spindle",
        "Centrosome", "Plasma membrane", "Mitochondria", "Aggresome", "Cytosol", "Vesicles and punctate cytosolic patterns", "Negative",
    ];

    /// <summary>Kaggle file colours in Cell-DINO channel order: red, green, blue, yellow.</summary>
    public static IReadOnlyList<string> Colors { get; } = ["red", "green", "blue", "yellow"];

    /// <summary>
    /// Channel names in Cell-DINO order (RGBA = Kaggle red, green, blue, yellow): microtubules,
    /// protein (of interest; channel 1 is never dropped by augmentation), nucleus, er.
    /// </summary>
    public static IReadOnlyList<string> ChannelNames { get; } = ["microtubules", "protein", "nucleus", "er"];

    /// <summary>The channel name of a Kaggle colour suffix (red → microtubules, …); the colour itself when unknown.</summary>
    public static string ChannelOf(string color) => color.ToLowerInvariant() switch
    {
        "red" => "microtubules",
        "green" => "protein",
        "blue" => "nucleus",
        "yellow" => "er",
        _ => color,
    };
}
