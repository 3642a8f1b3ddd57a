using CellDino.Data.Csv;
using CellDino.Data.Samples;
using CellDino.Data.Synthetic;

namespace CellDino.Data.Readers;

/// <summary>The work behind <see cref="DatasetLayouts.Open"/>: defaults a layout documents, then the reader.</summary>
internal static class DatasetOpener
{
    public static IMicroscopyDataset Open(DatasetSource s, DatasetReaderOptions defaults)
    {
        var bad = s.BadInput ?? defaults.BadInput;
        var verify = s.VerifyImages ?? defaults.VerifyImages;
        if (!Enum.IsDefined(bad)) throw new ArgumentException($"DatasetSource.BadInput {(int)bad} is not a BadInputPolicy.");
        if (s.CellCropSize is { } size && size < 4) throw new ArgumentException($"The single-cell crop size must be at least 4 pixels, got {size}.");
        var fields = Fields(s, bad, verify);
        if (s.CellsCsv is not { } cells) return fields;
        if (s.Layout is DatasetLayout.HpaSingleCell or DatasetLayout.Synthetic)
            throw new ArgumentException($"A cell table (--cells) applies to field-of-view layouts, not {Name(s)}.");
        var cellsCsv = Existing(cells, "cell table")!;
        var options = new SingleCellOptions { BadInput = bad, VerifyImages = verify, ClassNames = s.ClassNames }.WithBoxColumnsOf(cellsCsv);
        return HpaSingleCellDataset.FromBoxes(fields, cellsCsv, s.CellCropSize is { } crop ? options with { CropSize = crop } : options);
    }

    private static IMicroscopyDataset Fields(DatasetSource s, BadInputPolicy bad, bool verify)
    {
        return s.Layout switch
        {
            DatasetLayout.HpaKaggle => Hpa(s, bad, verify),
            DatasetLayout.HpaSingleCell => HpaSingleCellDataset.FromMasks(Hpa(s, bad, verify), MasksFolder(s),
                string.IsNullOrEmpty(s.MaskSuffix) ? throw new ArgumentException("DatasetSource.MaskSuffix must not be empty.") : s.MaskSuffix,
                new SingleCellOptions { BadInput = bad, VerifyImages = verify, CropSize = s.CellCropSize ?? new SingleCellOptions().CropSize, ClassNames = s.ClassNames }),
            DatasetLayout.CellPainting => CellPainting(s, bad, verify),
            DatasetLayout.CellDinoPng => new CellDinoPngDataset(Csv(s), CellDinoPngOptions.HpaFov with { BadInput = bad, VerifyImages = verify }),
            DatasetLayout.CellDinoStrip => new CellDinoPngDataset(Csv(s), CellDinoPngOptions.HpaSingleCell with { BadInput = bad, VerifyImages = verify }),
            DatasetLayout.CellDinoCellPaintingStrip => new CellDinoPngDataset(Csv(s), CellDinoPngOptions.CellPainting with { BadInput = bad, VerifyImages = verify }),
            DatasetLayout.TiffFolder => Tiff(s, bad, verify),
            DatasetLayout.OperaPhenix => Phenix(s, bad, verify),
            DatasetLayout.Synthetic => Synthetic(s),
            _ => throw new ArgumentException($"DatasetSource.Layout {(int)s.Layout} is not a DatasetLayout."),
        };
    }

    private static HpaKaggleDataset Hpa(DatasetSource s, BadInputPolicy bad, bool verify)
    {
        var root = Folder(s);
        // Kaggle's download (and `celldino synth`) keeps the images in train/ beside train.csv.
        var images = Directory.Exists(Path.Combine(root, "train")) && File.Exists(Path.Combine(root, "train.csv")) ? Path.Combine(root, "train") : root;
        var labels = Labels(s) ?? (File.Exists(Path.Combine(root, "train.csv")) ? Path.Combine(root, "train.csv") : null);
        var options = new HpaKaggleOptions { BadInput = bad, VerifyImages = verify, MetadataCsv = Existing(s.MetadataCsv, "metadata CSV") };
        if (s.Channels is { } colours) options = options with { Colors = colours };
        if (s.ClassNames is { } names) options = options with { ClassNames = names };
        if (labels is not null)
        {
            // 2018 (Id,Target) and 2021 (ID,Label) label files differ only in the column names.
            var header = CsvTable.ReadHeader(labels);
            bool Has(string c) => header.Any(h => h.Equals(c, StringComparison.OrdinalIgnoreCase));
            options = options with
            {
                IdColumn = s.IdColumn ?? options.IdColumn,
                TargetColumn = s.LabelsColumn ?? (!Has("Target") && Has("Label") ? "Label" : options.TargetColumn),
            };
        }
        return new HpaKaggleDataset(images, labels, options);
    }

    private static CellPaintingLoadDataDataset CellPainting(DatasetSource s, BadInputPolicy bad, bool verify)
    {
        var path = RequirePath(s);
        // CellProfiler writes load_data.csv into the plate folder; accept either the folder or the file.
        if (Directory.Exists(path)) path = Path.Combine(path, "load_data.csv");
        if (!File.Exists(path)) throw new ArgumentException($"The {Name(s)} LoadData CSV {path} does not exist.");
        var plateMap = Existing(s.PlateMapCsv, "plate map") ?? Beside(path, "platemap.csv");
        var options = new CellPaintingLoadDataOptions { BadInput = bad, VerifyImages = verify, PlateMap = plateMap is null ? null : PlateMapOptions.Detect(plateMap) };
        if (s.Channels is { } channels) options = options with { Channels = channels };
        return new CellPaintingLoadDataDataset(path, options);
    }

    private static TiffFolderDataset Tiff(DatasetSource s, BadInputPolicy bad, bool verify)
    {
        var options = new TiffFolderOptions { BadInput = bad, VerifyImages = verify, LabelsCsv = Labels(s), ChannelNames = s.Channels };
        if (s.IdColumn is { } id) options = options with { IdColumn = id };
        if (s.LabelsColumn is { } labels) options = options with { LabelsColumn = labels };
        if (s.ClassNames is { } names) options = options with { ClassNames = names };
        return new TiffFolderDataset(Folder(s), options);
    }

    private static OperaPhenixDataset Phenix(DatasetSource s, BadInputPolicy bad, bool verify)
    {
        var folder = Folder(s);
        var plateMap = Existing(s.PlateMapCsv, "plate map") ?? (File.Exists(Path.Combine(folder, "platemap.csv")) ? Path.Combine(folder, "platemap.csv") : null);
        return new OperaPhenixDataset(folder, new OperaPhenixOptions
        {
            BadInput = bad, VerifyImages = verify, Channels = s.Channels, Plate = s.Plate,
            PlateMap = plateMap is null ? null : PlateMapOptions.Detect(plateMap),
        });
    }

    private static SyntheticDataset Synthetic(DatasetSource s)
    {
        if (s.SyntheticCount < 1)
            throw new ArgumentException($"DatasetSource.SyntheticCount must be at least 1 for the Synthetic layout, got {s.SyntheticCount}.");
        var config = s.Synthetic ?? new SyntheticConfig();
        if (s.CellCropSize is { } size && config.SingleCellCropSize is not null) config = config with { SingleCellCropSize = size };
        return new SyntheticDataset(config, s.SyntheticCount);
    }

    private static string MasksFolder(DatasetSource s)
    {
        if (s.MasksFolder is { } folder)
            return Directory.Exists(folder) ? folder : throw new ArgumentException($"The masks folder {folder} does not exist.");
        var beside = Path.Combine(RequirePath(s), "masks");
        return Directory.Exists(beside) ? beside
            : throw new ArgumentException($"The {Name(s)} layout needs a masks folder (<Id>{s.MaskSuffix} instance masks); {beside} does not exist.");
    }

    private static string RequirePath(DatasetSource s) =>
        string.IsNullOrWhiteSpace(s.Path) ? throw new ArgumentException($"DatasetSource.Path is required for the {Name(s)} layout.") : s.Path;

    private static string Folder(DatasetSource s)
    {
        var path = RequirePath(s);
        return Directory.Exists(path) ? path : throw new ArgumentException($"The {Name(s)} dataset folder {path} does not exist.");
    }

    private static string Csv(DatasetSource s)
    {
        var path = RequirePath(s);
        return File.Exists(path) ? path : throw new ArgumentException($"The {Name(s)} dataset CSV {path} does not exist.");
    }

    // The layout's name as users type it (--layout hpa-kaggle), not the enum's (HpaKaggle).
    private static string Name(DatasetSource s) => DatasetLayouts.NameOf(s.Layout);

    private static string? Labels(DatasetSource s) => Existing(s.LabelsCsv, "labels CSV");

    private static string? Existing(string? path, string what) =>
        path is null || File.Exists(path) ? path : throw new ArgumentException($"The {what} {path} does not exist.");

    private static string? Beside(string file, string name)
    {
        var path = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(file)) ?? ".", name);
        return File.Exists(path) ? path : null;
    }
}
