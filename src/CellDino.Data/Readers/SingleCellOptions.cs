namespace CellDino.Data.Readers;

/// <summary>Options of <see cref="HpaSingleCellDataset"/>.</summary>
public sealed record SingleCellOptions : DatasetReaderOptions
{
    /// <summary>Side of the square crop centred on each cell's bounding-box centre; zero-padded at the image border.</summary>
    public int CropSize { get; init; } = 512;

    /// <summary>Mask-based zeroing (needs instance masks; ignored for bounding-box input).</summary>
    public CellMasking Masking { get; init; } = CellMasking.OtherCells;

    /// <summary>The names of the <see cref="CellMasking"/> values (<c>celldino --cell-masking</c>): other-cells, outside-cell, none.</summary>
    public static EnumNames<CellMasking> MaskingNames { get; } = new(
        ("other-cells", CellMasking.OtherCells), ("outside-cell", CellMasking.OutsideCell), ("none", CellMasking.None));

    /// <summary>Instances with fewer mask pixels are not listed as cells (debris).</summary>
    public int MinCellPixels { get; init; } = 1;

    /// <summary>Class names for per-cell labels; null inherits the fields of view's.</summary>
    public IReadOnlyList<string>? ClassNames { get; init; }

    /// <summary>Optional per-cell labels CSV (<see cref="ImageIdColumn"/>, <see cref="CellIdColumn"/>, <see cref="LabelsColumn"/>); cells not listed inherit their image's labels.</summary>
    public string? CellLabelsCsv { get; init; }

    /// <summary>
    /// Column with the field-of-view id: matches the field's <see cref="Samples.SampleMetadata.Id"/> or, for readers that
    /// record them (<c>FileName_*</c> metadata, as CellProfiler names them), the file name of one of its channel images.
    /// </summary>
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

    /// <summary>
    /// These options with the bounding-box columns of the table at <paramref name="path"/> recognised: CellProfiler's
    /// object tables (<c>Cells_AreaShape_BoundingBoxMinimum_X</c> ... <c>Maximum_Y</c>, the object number
    /// <c>Metadata_Cells_Number_Object_Number</c> or <c>ObjectNumber</c>, the image by its first
    /// <c>Image_FileName_*</c> / <c>FileName_*</c> column) or CellDino's own (<c>ImageId, CellId, XMin, YMin, XMax, YMax</c>).
    /// </summary>
    /// <exception cref="DataFormatException">The file cannot be read.</exception>
    public SingleCellOptions WithBoxColumnsOf(string path)
    {
        var header = Csv.CsvTable.ReadHeader(path);
        string? Find(Func<string, bool> match) => header.FirstOrDefault(match);
        if (Find(h => h.Equals("Cells_AreaShape_BoundingBoxMinimum_X", StringComparison.OrdinalIgnoreCase)) is null) return this;
        return this with
        {
            XMinColumn = "Cells_AreaShape_BoundingBoxMinimum_X", YMinColumn = "Cells_AreaShape_BoundingBoxMinimum_Y",
            XMaxColumn = "Cells_AreaShape_BoundingBoxMaximum_X", YMaxColumn = "Cells_AreaShape_BoundingBoxMaximum_Y",
            CellIdColumn = Find(h => h.Equals("Metadata_Cells_Number_Object_Number", StringComparison.OrdinalIgnoreCase))
                           ?? Find(h => h.EndsWith("ObjectNumber", StringComparison.OrdinalIgnoreCase)) ?? CellIdColumn,
            ImageIdColumn = Find(h => h.StartsWith("Image_FileName_", StringComparison.OrdinalIgnoreCase))
                            ?? Find(h => h.StartsWith("FileName_", StringComparison.OrdinalIgnoreCase)) ?? ImageIdColumn,
        };
    }
}
