using CellDino.Data.Synthetic;

namespace CellDino.Data.Readers;

/// <summary>
/// What <see cref="DatasetLayouts.Open"/> opens: a layout, where its files are, and the reader options a lab's files
/// may need. Null means the reader's default (or, where noted, a value detected from the files); an option set for a
/// layout that has no use for it is an error rather than silently ignored where noted.
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

    /// <summary>Labels CSV (HPA: default <c>train.csv</c> beside the images when present; TIFF folder: <c>id,labels</c>); null for none. The Cell-DINO PNG layouts take their labels from their own CSV (<see cref="LabelsColumn"/>).</summary>
    public string? LabelsCsv { get; init; }

    /// <summary>Id column of the labels CSV; null: HPA detects <c>Id</c> (2018) or <c>ID</c> (2021), TIFF folders use <c>id</c>, the Cell-DINO PNG layouts the file name.</summary>
    public string? IdColumn { get; init; }

    /// <summary>Labels column of the labels CSV; null: HPA detects <c>Target</c> (2018) or <c>Label</c> (2021), TIFF folders use <c>labels</c>, the Cell-DINO PNG layouts read no labels (with one, <see cref="ClassNames"/> is required).</summary>
    public string? LabelsColumn { get; init; }

    /// <summary>
    /// Class names the label indices refer to (see <see cref="ClassNameList.Read"/> for a class CSV); null: HPA reads
    /// <c>classes.csv</c> beside the labels CSV when present (what <c>celldino synth</c> writes), else the reader's default
    /// (HPA: the 28 Kaggle 2018 classes).
    /// </summary>
    public IReadOnlyList<string>? ClassNames { get; init; }

    /// <summary>
    /// Channels to read, in model order: HPA colours (default red, green, blue, yellow; <c>["green"]</c> for green-only
    /// Kaggle 2018 images), Cell Painting LoadData channel names, TIFF channel names, or Opera Phenix channels
    /// (<c>ch5, ch6, ch2, ch3, ch4</c>). For the Cell-DINO PNG layouts: the names of the file's planes (or strip tiles)
    /// in file order, as many as the files have.
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

    /// <summary>
    /// A compound table (treatment → mechanism of action) joined on the plate map's treatment, its columns recognised by
    /// <see cref="PlateMapOptions.WithCompoundsOf"/>; needs a plate map. Null: MoA only from the plate map's own column.
    /// </summary>
    public string? CompoundsCsv { get; init; }

    /// <summary>Treatments that mark negative-control wells when the plate map has no control column; null: <c>DMSO</c>. Needs a plate map.</summary>
    public IReadOnlyList<string>? ControlTreatments { get; init; }

    /// <summary>Which pixels of a single-cell crop the instance mask zeroes (<see cref="DatasetLayout.HpaSingleCell"/> only); null: <see cref="SingleCellOptions.Masking"/>.</summary>
    public CellMasking? CellMasking { get; init; }

    /// <summary>Mask instances with fewer pixels are not cells (<see cref="DatasetLayout.HpaSingleCell"/> only); null: <see cref="SingleCellOptions.MinCellPixels"/>.</summary>
    public int? MinCellPixels { get; init; }

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
