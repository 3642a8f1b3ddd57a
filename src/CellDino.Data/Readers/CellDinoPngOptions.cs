namespace CellDino.Data.Readers;

/// <summary>Options of <see cref="CellDinoPngDataset"/>; see the presets for the official formats.</summary>
public sealed record CellDinoPngOptions : DatasetReaderOptions
{
    /// <summary>Channel storage.</summary>
    public CellDinoPngLayout Layout { get; init; } = CellDinoPngLayout.MultiChannel;

    /// <summary>Channel names in plane (or tile) order.</summary>
    public IReadOnlyList<string> ChannelNames { get; init; } = HpaClasses.ChannelNames;

    /// <summary>Class names the labels index; required when <see cref="LabelsColumn"/> is set.</summary>
    public IReadOnlyList<string> ClassNames { get; init; } = Array.Empty<string>();

    /// <summary>CSV column with the image path (relative to <see cref="ImageRoot"/>, default the CSV's folder).</summary>
    public string FileColumn { get; init; } = "file";

    /// <summary>CSV column with the sample id; null uses the file name without extension.</summary>
    public string? IdColumn { get; init; }

    /// <summary>CSV column with class indices separated by space, '|' or ';'; null for unlabeled data.</summary>
    public string? LabelsColumn { get; init; }

    /// <summary>CSV column with the cell line, if any.</summary>
    public string? CellLineColumn { get; init; }

    /// <summary>Folder relative paths resolve against; null means the CSV's folder.</summary>
    public string? ImageRoot { get; init; }

    /// <summary>HPA fields of view: one RGBA PNG per image, channels microtubules, protein, nucleus, er.</summary>
    public static CellDinoPngOptions HpaFov { get; } = new();

    /// <summary>HPA single cells: grayscale strips of 4 tiles in the HPA channel order.</summary>
    public static CellDinoPngOptions HpaSingleCell { get; } = new() { Layout = CellDinoPngLayout.ChannelStrip };

    /// <summary>Cell Painting single cells: grayscale strips of 5 tiles, DNA, RNA, ER, AGP, Mito.</summary>
    public static CellDinoPngOptions CellPainting { get; } = new()
    {
        Layout = CellDinoPngLayout.ChannelStrip,
        ChannelNames = CellPaintingLoadDataOptions.CellDinoChannelOrder,
    };
}
