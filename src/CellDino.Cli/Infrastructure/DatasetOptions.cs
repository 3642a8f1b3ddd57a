using System.CommandLine;
using CellDino.Data.Readers;
using CellDino.Data.Samples;
using CellDino.Data.Synthetic;

namespace CellDino.Cli.Infrastructure;

/// <summary>The dataset options shared by <c>pretrain</c>, <c>embed</c> and <c>plot</c>, and how they open a dataset.</summary>
internal sealed class DatasetOptions
{
    public static readonly string[] Layouts =
        ["hpa-kaggle", "hpa-single-cell", "cellpainting", "celldino-png", "celldino-strip", "celldino-cp-strip", "tiff-folder", "synthetic-hpa", "synthetic-cells", "synthetic-cellpainting"];

    public Option<string> Data { get; } = new("--data") { Description = "Dataset folder or CSV (for synthetic layouts: the number of images)." , Required = true };
    public Option<string> Layout { get; } = new("--layout") { Description = "Dataset layout: " + string.Join(", ", Layouts) + ".", DefaultValueFactory = _ => "hpa-kaggle" };
    public Option<string?> Labels { get; } = new("--labels") { Description = "Labels CSV (hpa-kaggle: Id,Target; default <data>/train.csv when present)." };
    public Option<string?> Masks { get; } = new("--masks") { Description = "Folder of instance masks <Id>_mask.png (hpa-single-cell)." };
    public Option<string?> PlateMap { get; } = new("--plate-map") { Description = "Plate map CSV joined on Metadata_Well (cellpainting)." };
    public Option<int> CropSize { get; } = new("--cell-size") { Description = "Single-cell crop side in pixels.", DefaultValueFactory = _ => 64 };
    public Option<bool> SkipBad { get; } = new("--skip-bad") { Description = "Skip unreadable images and malformed rows (reported) instead of stopping." };
    public Option<int> Seed { get; } = new("--data-seed") { Description = "Seed of synthetic layouts.", DefaultValueFactory = _ => 0 };

    public void AddTo(Command command)
    {
        Layout.AcceptOnlyFromAmong(Layouts);
        foreach (var o in new Option[] { Data, Layout, Labels, Masks, PlateMap, CropSize, SkipBad, Seed }) command.Options.Add(o);
    }

    public IMicroscopyDataset Open(ParseResult r, TextWriter err)
    {
        string data = r.GetValue(Data)!, layout = r.GetValue(Layout)!;
        var policy = r.GetValue(SkipBad) ? BadInputPolicy.SkipAndReport : BadInputPolicy.FailFast;
        // --skip-bad reads every image's header while indexing, so files that cannot be decoded are skipped and reported
        // up front rather than failing the run half-way.
        bool verify = r.GetValue(SkipBad);
        IMicroscopyDataset dataset = layout switch
        {
            "hpa-kaggle" => new HpaKaggleDataset(ImageFolder(data), r.GetValue(Labels) ?? DefaultLabels(data), new HpaKaggleOptions { BadInput = policy, VerifyImages = verify }),
            "hpa-single-cell" => HpaSingleCellDataset.FromMasks(
                new HpaKaggleDataset(ImageFolder(data), r.GetValue(Labels) ?? DefaultLabels(data), new HpaKaggleOptions { BadInput = policy, VerifyImages = verify }),
                r.GetValue(Masks) ?? DefaultMasks(data), "_cells.png",
                new SingleCellOptions { CropSize = r.GetValue(CropSize), BadInput = policy, VerifyImages = verify }),
            "cellpainting" => new CellPaintingLoadDataDataset(LoadDataCsv(data), new CellPaintingLoadDataOptions
            {
                BadInput = policy, VerifyImages = verify,
                PlateMap = PlateMapFor(r.GetValue(PlateMap) ?? DefaultPlateMap(data)),
            }),
            "celldino-png" => new CellDinoPngDataset(data, CellDinoPngOptions.HpaFov with { BadInput = policy, VerifyImages = verify }),
            "celldino-strip" => new CellDinoPngDataset(data, CellDinoPngOptions.HpaSingleCell with { BadInput = policy, VerifyImages = verify }),
            "celldino-cp-strip" => new CellDinoPngDataset(data, CellDinoPngOptions.CellPainting with { BadInput = policy, VerifyImages = verify }),
            "tiff-folder" => new TiffFolderDataset(data, new TiffFolderOptions { BadInput = policy, VerifyImages = verify, LabelsCsv = r.GetValue(Labels) }),
            "synthetic-hpa" or "synthetic-cells" or "synthetic-cellpainting" => Synthetic(layout, data, r.GetValue(Seed), r.GetValue(CropSize)),
            _ => throw new CliError($"Unknown --layout '{layout}'."),
        };
        if (dataset is IFileDataset files && files.Problems.Count > 0)
        {
            err.WriteLine($"celldino: skipped {files.Problems.Count} bad input(s); first: {files.Problems[0].FilePath}{(files.Problems[0].Row is { } row ? $", row {row}" : "")}: {files.Problems[0].Reason}");
        }
        if (dataset.Count == 0) throw new CliError($"The dataset at {data} ({layout}) has no images.");
        return dataset;
    }

    // A folder written by `celldino synth` (or Kaggle's download) keeps images in train/ beside train.csv.
    private static string ImageFolder(string data) =>
        Directory.Exists(Path.Combine(data, "train")) && File.Exists(Path.Combine(data, "train.csv")) ? Path.Combine(data, "train") : data;

    private static string? DefaultLabels(string folder)
    {
        var csv = Path.Combine(folder, "train.csv");
        return File.Exists(csv) ? csv : null;
    }

    private static string DefaultMasks(string folder)
    {
        var masks = Path.Combine(folder, "masks");
        return Directory.Exists(masks) ? masks : throw new CliError("--layout hpa-single-cell needs --masks <folder of <Id>_cells.png instance masks>.");
    }

    private static string LoadDataCsv(string data) => Directory.Exists(data) ? Path.Combine(data, "load_data.csv") : data;

    private static string? DefaultPlateMap(string data)
    {
        var csv = Path.Combine(Directory.Exists(data) ? data : Path.GetDirectoryName(Path.GetFullPath(data)) ?? ".", "platemap.csv");
        return File.Exists(csv) ? csv : null;
    }

    // Column names follow the file: CellDino's synthetic plate maps, or the Broad's Metadata_broad_sample/Metadata_moa.
    private static PlateMapOptions? PlateMapFor(string? path)
    {
        if (path is null) return null;
        if (!File.Exists(path)) throw new CliError($"Plate map {path} does not exist.");
        var header = (File.ReadLines(path).FirstOrDefault() ?? "").Split(',').Select(h => h.Trim().Trim('"')).ToHashSet();
        string? Pick(params string[] names) => names.FirstOrDefault(header.Contains);
        return new PlateMapOptions
        {
            Path = path,
            TreatmentColumn = Pick("Metadata_Treatment", "Metadata_broad_sample", "Metadata_pert_iname"),
            MoaColumn = Pick("Metadata_MoA", "Metadata_moa"),
            ControlColumn = Pick("Metadata_Control"),
        };
    }

    private static SyntheticDataset Synthetic(string layout, string countText, int seed, int cellSize)
    {
        if (!int.TryParse(countText, out int count) || count < 1)
            throw new CliError($"For --layout {layout}, --data is the number of images; got '{countText}'.");
        var config = layout switch
        {
            "synthetic-cellpainting" => new SyntheticConfig { Kind = SyntheticKind.CellPainting, Seed = seed, Height = 128, Width = 128 },
            "synthetic-cells" => new SyntheticConfig { Seed = seed, Height = 96, Width = 96, SingleCellCropSize = cellSize },
            _ => new SyntheticConfig { Seed = seed, Height = 64, Width = 64 },
        };
        return new SyntheticDataset(config, count);
    }
}
