using System.CommandLine;
using CellDino.Data.Readers;
using CellDino.Data.Samples;

namespace CellDino.Cli.Infrastructure;

/// <summary>The dataset options shared by <c>pretrain</c>, <c>embed</c> and <c>plot</c>: parsed into a <see cref="DatasetSource"/> and opened by the <see cref="DatasetLayouts"/> registry.</summary>
internal sealed class DatasetOptions
{
    public Option<string> Data { get; } = new("--data") { Description = "Dataset folder or CSV (for synthetic layouts: the number of images).", Required = true };
    public Option<string> Layout { get; } = new("--layout")
    {
        Description = "Dataset layout: " + string.Join("; ", DatasetLayouts.All.Select(l => $"{l.Name} ({l.Description})")) + ".",
        DefaultValueFactory = _ => "hpa-kaggle",
    };
    public Option<string?> Labels { get; } = new("--labels") { Description = "Labels CSV (hpa-kaggle: Id,Target or ID,Label; default <data>/train.csv when present)." };
    public Option<string?> IdColumn { get; } = new("--id-column") { Description = "Id column of the labels CSV (default: Id/ID for HPA, id for tiff-folder; celldino-png layouts: a column of their CSV, default the file name)." };
    public Option<string?> LabelsColumn { get; } = new("--labels-column") { Description = "Labels column of the labels CSV (default: Target or Label for HPA, labels for tiff-folder; celldino-png layouts: a column of class indices in their CSV, with --class-names)." };
    public Option<string?> Channels { get; } = new("--channels") { Description = "Comma-separated channels to read, in model order: HPA colours (default red,green,blue,yellow; 'green' for green-only images), LoadData channel names (DNA,RNA,ER,AGP,Mito), TIFF channel names, or Opera Phenix channels (ch5,ch6,ch2,ch3,ch4); celldino-png layouts: names of the PNG planes or strip tiles in file order." };
    public Option<string?> ReaderClassNames { get; } = new("--class-names") { Description = "Class list the label indices refer to: hpa, hpa-2021, synthetic or a CSV of index,name (e.g. classes_2021.csv); default classes.csv beside the labels, else the reader's (HPA: the 28 Kaggle 2018 classes)." };
    public Option<string?> Metadata { get; } = new("--metadata") { Description = "HPA metadata CSV joined on the id (cell line, plate, well; default <labels folder>/metadata.csv when present)." };
    public Option<string?> Masks { get; } = new("--masks") { Description = "Folder of instance masks for hpa-single-cell (default <data>/masks)." };
    public Option<string> MaskSuffix { get; } = new("--mask-suffix") { Description = "Mask file name after the id.", DefaultValueFactory = _ => DatasetSource.DefaultMaskSuffix };
    public Option<string?> PlateMap { get; } = new("--plate-map") { Description = "Plate map CSV joined on the well (Metadata_Well or well; cellpainting; default platemap.csv beside the LoadData CSV)." };
    public Option<string?> Plate { get; } = new("--plate") { Description = "Plate name of an opera-phenix export (default: the folder's name)." };
    public Option<string?> Compounds { get; } = new("--compounds") { Description = "Compound table joined on the plate map's treatment, giving each treatment's mechanism of action (columns Metadata_broad_sample or treatment, Metadata_moa or moa; cellpainting, opera-phenix)." };
    public Option<string?> Controls { get; } = new("--controls") { Description = "Comma-separated treatments of the negative-control wells when the plate map has no control column (default DMSO; cellpainting, opera-phenix)." };
    public Option<string?> CellMasking { get; } = new("--cell-masking") { Description = "Pixels a single-cell crop zeroes by the instance mask (hpa-single-cell): other-cells (default), outside-cell or none." };
    public Option<int?> MinCellPixels { get; } = new("--min-cell-pixels") { Description = $"Mask instances with fewer pixels are debris, not cells (hpa-single-cell; default {new SingleCellOptions().MinCellPixels})." };
    public Option<string?> Cells { get; } = new("--cells") { Description = "Bounding-box table of single cells (CellProfiler object table, or ImageId,CellId,XMin,YMin,XMax,YMax): crops of --cell-size around each cell of any field layout." };
    public Option<int?> CropSize { get; } = new("--cell-size") { Description = $"Single-cell crop side in pixels (hpa-single-cell default {new SingleCellOptions().CropSize}; synthetic-cells 64)." };
    public Option<long?> MaxImageSamples { get; } = new("--max-image-samples") { Description = $"Largest image accepted, in pixels x channels, checked against each file's header before decoding (default {(global::CellDino.Data.Imaging.ImageIO.MaxSamplesPerImage):N0}): guards against decompression bombs; raise it for real whole-slide images." };
    public Option<bool> SkipBad { get; } = new("--skip-bad") { Description = "Skip unreadable images and malformed rows (reported) instead of stopping." };
    public Option<int> Seed { get; } = new("--data-seed") { Description = "Seed of synthetic layouts.", DefaultValueFactory = _ => 0 };

    public void AddTo(Command command)
    {
        Layout.AcceptOnlyFromAmong([.. DatasetLayouts.Names]);
        CellMasking.AcceptOnlyFromAmong([.. SingleCellOptions.MaskingNames.Names]);
        foreach (var o in new Option[] { Data, Layout, Labels, IdColumn, LabelsColumn, Channels, ReaderClassNames, Metadata, Masks, MaskSuffix, PlateMap, Plate,
                     Compounds, Controls, Cells, CropSize, CellMasking, MinCellPixels, MaxImageSamples, SkipBad, Seed })
            command.Options.Add(o);
    }

    private static string[]? List(string? text) => text?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public IMicroscopyDataset Open(ParseResult r, TextWriter err)
    {
        string data = r.GetValue(Data)!, layout = r.GetValue(Layout)!;
        if (r.GetValue(MaxImageSamples) is { } max)
        {
            if (max < 1 || max > Array.MaxLength) throw new CliError($"--max-image-samples must be between 1 and {Array.MaxLength:N0}, got {max}.");
            global::CellDino.Data.Imaging.ImageIO.MaxSamplesPerImage = max;
        }
        var source = DatasetLayouts.Source(layout, data) with
        {
            LabelsCsv = r.GetValue(Labels),
            IdColumn = r.GetValue(IdColumn),
            LabelsColumn = r.GetValue(LabelsColumn),
            Channels = List(r.GetValue(Channels)),
            ClassNames = r.GetValue(ReaderClassNames) is { } classes ? ClassNameList.Resolve(classes) : null,
            MetadataCsv = r.GetValue(Metadata),
            MasksFolder = r.GetValue(Masks),
            MaskSuffix = r.GetValue(MaskSuffix)!,
            PlateMapCsv = r.GetValue(PlateMap),
            Plate = r.GetValue(Plate),
            CompoundsCsv = r.GetValue(Compounds),
            ControlTreatments = List(r.GetValue(Controls)),
            CellMasking = r.GetValue(CellMasking) is { } masking ? SingleCellOptions.MaskingNames.Parse(masking) : null,
            MinCellPixels = r.GetValue(MinCellPixels),
            CellsCsv = r.GetValue(Cells),
            CellCropSize = r.GetValue(CropSize),
            BadInput = r.GetValue(SkipBad) ? BadInputPolicy.SkipAndReport : BadInputPolicy.FailFast,
            // --skip-bad decodes every image while indexing, so files that cannot be decoded (a corrupt header or corrupt
            // pixel data) are skipped and reported up front rather than failing the run half-way.
            VerifyImages = r.GetValue(SkipBad),
        };
        if (source.Layout == DatasetLayout.Synthetic)
        {
            if (!int.TryParse(data, out int count) || count < 1)
                throw new CliError($"For --layout {layout}, --data is the number of images; got '{data}'.");
            source = source with { SyntheticCount = count, Synthetic = source.Synthetic! with { Seed = r.GetValue(Seed) } };
        }
        var dataset = DatasetLayouts.Open(source);
        if (dataset is IFileDataset files && files.Problems.Count > 0)
        {
            err.WriteLine($"celldino: skipped {files.Problems.Count} bad input(s); first: {files.Problems[0].FilePath}{(files.Problems[0].Row is { } row ? $", row {row}" : "")}: {files.Problems[0].Reason}");
        }
        if (dataset.Count == 0) throw new CliError($"The dataset at {data} ({layout}) has no images.");
        return dataset;
    }
}
