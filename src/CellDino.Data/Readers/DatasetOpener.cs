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
        CheckApplies(s);
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
                MaskedCells(s, bad, verify)),
            DatasetLayout.CellPainting => CellPainting(s, bad, verify),
            DatasetLayout.CellDinoPng => Png(s, CellDinoPngOptions.HpaFov, bad, verify),
            DatasetLayout.CellDinoStrip => Png(s, CellDinoPngOptions.HpaSingleCell, bad, verify),
            DatasetLayout.CellDinoCellPaintingStrip => Png(s, CellDinoPngOptions.CellPainting, bad, verify),
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
        else if (labels is not null && Beside(labels, "classes.csv") is { } classes) options = options with { ClassNames = ClassNameList.Read(classes) };
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
        var options = new CellPaintingLoadDataOptions { BadInput = bad, VerifyImages = verify, PlateMap = PlateMapOf(s, plateMap) };
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
            PlateMap = PlateMapOf(s, plateMap),
        });
    }

    private static PlateMapOptions? PlateMapOf(DatasetSource s, string? plateMap)
    {
        if (plateMap is null)
        {
            if (s.CompoundsCsv is not null || s.ControlTreatments is not null)
                throw new ArgumentException($"A compound table or control treatments are joined through a plate map, and this {s.Layout} dataset has none (set PlateMapCsv).");
            return null;
        }
        var options = PlateMapOptions.Detect(plateMap);
        if (Existing(s.CompoundsCsv, "compound table") is { } compounds) options = options.WithCompoundsOf(compounds);
        if (s.ControlTreatments is { } controls)
            options = options with { ControlTreatments = controls.Count > 0 ? controls : throw new ArgumentException("ControlTreatments is empty: name at least one control treatment, such as DMSO.", nameof(s)) };
        return options;
    }

    private static SingleCellOptions MaskedCells(DatasetSource s, BadInputPolicy bad, bool verify)
    {
        var defaults = new SingleCellOptions();
        if (s.MinCellPixels is < 1) throw new ArgumentException($"MinCellPixels must be at least 1, got {s.MinCellPixels}.");
        if (s.CellMasking is { } m && !Enum.IsDefined(m)) throw new ArgumentException($"CellMasking {(int)m} is not a CellMasking.");
        return defaults with
        {
            BadInput = bad, VerifyImages = verify, CropSize = s.CellCropSize ?? defaults.CropSize, ClassNames = s.ClassNames,
            Masking = s.CellMasking ?? defaults.Masking, MinCellPixels = s.MinCellPixels ?? defaults.MinCellPixels,
        };
    }

    // The Cell-DINO PNG layouts list files, ids and labels in their own CSV: the labels-CSV options name its columns.
    private static CellDinoPngDataset Png(DatasetSource s, CellDinoPngOptions preset, BadInputPolicy bad, bool verify)
    {
        if (s.LabelsColumn is { } column && s.ClassNames is null)
            throw new ArgumentException($"The labels column '{column}' holds class indices: give the class names they refer to (ClassNames).");
        return new CellDinoPngDataset(Csv(s), preset with
        {
            BadInput = bad, VerifyImages = verify,
            IdColumn = s.IdColumn ?? preset.IdColumn,
            LabelsColumn = s.LabelsColumn ?? preset.LabelsColumn,
            ClassNames = s.LabelsColumn is null ? preset.ClassNames : s.ClassNames!,
            ChannelNames = s.Channels ?? preset.ChannelNames,
        });
    }

    // An option a layout has no use for is refused, so that a lab never believes a setting took effect when it did not.
    private static void CheckApplies(DatasetSource s)
    {
        bool png = s.Layout is DatasetLayout.CellDinoPng or DatasetLayout.CellDinoStrip or DatasetLayout.CellDinoCellPaintingStrip;
        void Refuse(bool set, string option, string why)
        {
            if (set) throw new ArgumentException($"{option} does not apply to the {DatasetLayouts.All.First(l => l.Layout == s.Layout).Name} layout: {why}.");
        }
        Refuse(png && s.LabelsCsv is not null, "A labels CSV (LabelsCsv)", "its own CSV lists the files and their labels (name the column with LabelsColumn)");
        Refuse(png && s.MetadataCsv is not null, "A metadata CSV (MetadataCsv)", "its own CSV's other columns are the metadata");
        Refuse(png && s.ClassNames is not null && s.LabelsColumn is null, "A class list (ClassNames)", "it reads no labels unless LabelsColumn names the column of class indices");
        bool plateMaps = s.Layout is DatasetLayout.CellPainting or DatasetLayout.OperaPhenix;
        Refuse(!plateMaps && s.CompoundsCsv is not null, "A compound table (CompoundsCsv)", "only the cellpainting and opera-phenix layouts join a plate map");
        Refuse(!plateMaps && s.ControlTreatments is not null, "Control treatments (ControlTreatments)", "only the cellpainting and opera-phenix layouts join a plate map");
        bool masks = s.Layout == DatasetLayout.HpaSingleCell && s.CellsCsv is null;
        Refuse(!masks && s.CellMasking is not null, "Cell masking (CellMasking)", "only hpa-single-cell cuts cells out of instance masks (a cell table has only boxes)");
        Refuse(!masks && s.MinCellPixels is not null, "A minimum cell size (MinCellPixels)", "only hpa-single-cell counts a cell's mask pixels");
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
