namespace CellDino.Data.Readers;

/// <summary>Options of <see cref="HpaSingleCellDataset"/>.</summary>
public sealed record SingleCellOptions : DatasetReaderOptions
{
    /// <summary>Side of the square crop centred on each cell's bounding-box centre; zero-padded at the image border.</summary>
    public int CropSize { get; init; } = 512;

    /// <summary>Mask-based zeroing (needs instance masks; ignored for bounding-box input).</summary>
    public CellMasking Masking { get; init; } = CellMasking.OtherCells;

    /// <summary>Instances with fewer mask pixels are not listed as cells (debris).</summary>
    public int MinCellPixels { get; init; } = 1;

    /// <summary>Class names for per-cell labels; null inherits the fields of view's.</summary>
    public IReadOnlyList<string>? ClassNames { get; init; }

    /// <summary>Optional per-cell labels CSV (<see cref="ImageIdColumn"/>, <see cref="CellIdColumn"/>, <see cref="LabelsColumn"/>); cells not listed inherit their image's labels.</summary>
    public string? CellLabelsCsv { get; init; }

    /// <summary>Column with the field-of-view id (matches <see cref="Samples.SampleMetadata.Id"/> of the field).</summary>
    public string ImageIdColumn { get; init; } = "ImageId";

    /// <summary>Column with the cell's instance id.</summary>
    public string CellIdColumn { get; init; } = "CellId";

    /// <summary>Column with class indices (space, '|' or ';' separated).</summary>
    public string LabelsColumn { get; init; } = "Labels";

    /// <summary>Bounding-box CSV column: smallest x.</summary>
    public string XMinColumn { get; init; } = "XMin";

    /// <summary>Bounding-box CSV column: smallest y.</summary>
    public string YMinColumn { get; init; } = "YMin";

    /// <summary>Bounding-box CSV column: largest x.</summary>
    public string XMaxColumn { get; init; } = "XMax";

    /// <summary>Bounding-box CSV column: largest y.</summary>
    public string YMaxColumn { get; init; } = "YMax";
}
