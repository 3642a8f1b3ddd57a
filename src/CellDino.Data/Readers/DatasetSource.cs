using CellDino.Data.Synthetic;

namespace CellDino.Data.Readers;

/// <summary>
/// What <see cref="DatasetLayouts.Open"/> opens: a layout, where its files are, and the reader options a lab's files
/// may need. Options a layout does not use are ignored; null means the reader's default (or, where noted, a value
/// detected from the files).
/// </summary>
public sealed record DatasetSource
{
    /// <summary>The reader to use.</summary>
    public required DatasetLayout Layout { get; init; }

    /// <summary>
    /// The image folder (<see cref="DatasetLayout.HpaKaggle"/>, <see cref="DatasetLayout.HpaSingleCell"/>: a folder
    /// with <c>train/</c> beside <c>train.csv</c> is read as the Kaggle download; <see cref="DatasetLayout.TiffFolder"/>),
    /// the CSV (<see cref="DatasetLayout.CellPainting"/> also takes its folder, <c>load_data.csv</c> inside) or, for
    /// <see cref="DatasetLayout.Synthetic"/>, unused.
    /// </summary>
    public string? Path { get; init; }

    /// <summary>Labels CSV (HPA: default <c>train.csv</c> beside the images when present; TIFF folder: <c>id,labels</c>); null for none.</summary>
    public string? LabelsCsv { get; init; }

    /// <summary>Id column of the labels CSV; null: HPA detects <c>Id</c> (2018) or <c>ID</c> (2021), TIFF folders use <c>id</c>.</summary>
    public string? IdColumn { get; init; }

    /// <summary>Labels column of the labels CSV; null: HPA detects <c>Target</c> (2018) or <c>Label</c> (2021), TIFF folders use <c>labels</c>.</summary>
    public string? LabelsColumn { get; init; }

    /// <summary>Class names the label indices refer to (see <see cref="ClassNameList.Read"/> for a class CSV); null: the reader's (HPA: the 28 Kaggle 2018 classes).</summary>
    public IReadOnlyList<string>? ClassNames { get; init; }

    /// <summary>
    /// Channels to read, in model order: HPA colours (default red, green, blue, yellow; <c>["green"]</c> for green-only
    /// Kaggle 2018 images), Cell Painting LoadData channel names, TIFF channel names, or Opera Phenix channels
    /// (<c>ch5, ch6, ch2, ch3, ch4</c>).
    /// </summary>
    public IReadOnlyList<string>? Channels { get; init; }

    /// <summary>HPA metadata CSV (<c>Id</c>/<c>ID</c> with cell line, plate, well columns) joined on the id; null: <c>metadata.csv</c> beside the labels when present.</summary>
    public string? MetadataCsv { get; init; }

    /// <summary>Folder of instance masks for <see cref="DatasetLayout.HpaSingleCell"/>; null: <c>masks/</c> beside the images.</summary>
    public string? MasksFolder { get; init; }

    /// <summary>File-name suffix of a field's mask after its id (the HPA single-cell competition's <c>_predictedmask.png</c>).</summary>
    public string MaskSuffix { get; init; } = DefaultMaskSuffix;

    /// <summary>
    /// A bounding-box table of single cells (CellProfiler's object table or <c>ImageId, CellId, XMin, YMin, XMax, YMax</c>;
    /// see <see cref="SingleCellOptions.WithBoxColumnsOf"/>): when set, any field-of-view layout yields crops of
    /// <see cref="CellCropSize"/> around those cells instead of the fields.
    /// </summary>
    public string? CellsCsv { get; init; }

    /// <summary>Side of single-cell crops in pixels; null: <see cref="SingleCellOptions.CropSize"/> (or the synthetic config's).</summary>
    public int? CellCropSize { get; init; }

    /// <summary>
    /// Plate map joined on the well (<see cref="DatasetLayout.CellPainting"/>, <see cref="DatasetLayout.OperaPhenix"/>), its
    /// columns recognised by <see cref="PlateMapOptions.Detect"/>; null: <c>platemap.csv</c> beside the LoadData CSV (in the
    /// export folder) when present.
    /// </summary>
    public string? PlateMapCsv { get; init; }

    /// <summary>The plate of an <see cref="DatasetLayout.OperaPhenix"/> export; null: the folder's name.</summary>
    public string? Plate { get; init; }

    /// <summary>Generator settings for <see cref="DatasetLayout.Synthetic"/> (default: 64 px HPA fields of view, seed 0).</summary>
    public SyntheticConfig? Synthetic { get; init; }

    /// <summary>Number of images of a <see cref="DatasetLayout.Synthetic"/> dataset.</summary>
    public int SyntheticCount { get; init; } = 64;

    /// <summary>What to do with bad input found while indexing; null: the caller's default (fail fast).</summary>
    public BadInputPolicy? BadInput { get; init; }

    /// <summary>Decode every image while indexing (<see cref="DatasetReaderOptions.VerifyImages"/>); null: the caller's default.</summary>
    public bool? VerifyImages { get; init; }

    /// <summary>The HPA single-cell competition's mask suffix, the default of <see cref="MaskSuffix"/>.</summary>
    public const string DefaultMaskSuffix = "_predictedmask.png";
}
