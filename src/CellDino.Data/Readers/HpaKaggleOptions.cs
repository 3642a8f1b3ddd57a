namespace CellDino.Data.Readers;

/// <summary>Options of <see cref="HpaKaggleDataset"/>.</summary>
public sealed record HpaKaggleOptions : DatasetReaderOptions
{
    /// <summary>File colour suffixes to load, in output channel order (default red, green, blue, yellow; e.g. just green for the protein channel).</summary>
    public IReadOnlyList<string> Colors { get; init; } = HpaClasses.Colors;

    /// <summary>Extensions tried for each channel file, in order (8-bit PNG originals, 16-bit PNG/TIFF variants).</summary>
    public IReadOnlyList<string> Extensions { get; init; } = [".png", ".tif", ".tiff"];

    /// <summary>Id column of the labels CSV.</summary>
    public string IdColumn { get; init; } = "Id";

    /// <summary>Label column of the labels CSV (space-separated class indices).</summary>
    public string TargetColumn { get; init; } = "Target";

    /// <summary>Class names the labels index (default the 28 Kaggle 2018 classes).</summary>
    public IReadOnlyList<string> ClassNames { get; init; } = HpaClasses.Names;

    /// <summary>
    /// A CSV joined to the samples by <see cref="IdColumn"/> that gives any of <c>CellLine</c>, <c>Plate</c>, <c>Well</c>,
    /// <c>Site</c> (what <c>celldino synth</c> writes as <c>metadata.csv</c>). Null: <c>metadata.csv</c> beside the labels
    /// CSV when it exists, so cell-line and plate tasks work on such a folder as it is.
    /// </summary>
    public string? MetadataCsv { get; init; }
}
