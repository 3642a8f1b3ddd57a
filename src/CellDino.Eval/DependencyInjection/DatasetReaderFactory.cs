using CellDino.Data.Readers;
using CellDino.Data.Samples;
using CellDino.Data.Synthetic;

namespace CellDino.Eval.DependencyInjection;

/// <summary>The registered <see cref="IDatasetReaderFactory"/>.</summary>
internal sealed class DatasetReaderFactory : IDatasetReaderFactory
{
    private readonly DatasetReaderOptions _defaults;

    public DatasetReaderFactory(CellDinoOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _defaults = options.DatasetReader;
    }

    public IMicroscopyDataset Open(DatasetLayout layout, string path, string? labelsCsv = null) =>
        Open(new DatasetSource { Layout = layout, Path = path, LabelsCsv = labelsCsv });

    public IMicroscopyDataset Open(DatasetSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var (bad, verify) = (_defaults.BadInput, _defaults.VerifyImages);
        return source.Layout switch
        {
            DatasetLayout.HpaKaggle => new HpaKaggleDataset(Folder(source), Labels(source),
                new HpaKaggleOptions { BadInput = bad, VerifyImages = verify }),
            DatasetLayout.CellPainting => new CellPaintingLoadDataDataset(LoadDataCsv(source),
                new CellPaintingLoadDataOptions { BadInput = bad, VerifyImages = verify }),
            DatasetLayout.CellDinoPng => new CellDinoPngDataset(Csv(source), CellDinoPngOptions.HpaFov with { BadInput = bad, VerifyImages = verify }),
            DatasetLayout.CellDinoStrip => new CellDinoPngDataset(Csv(source), CellDinoPngOptions.HpaSingleCell with { BadInput = bad, VerifyImages = verify }),
            DatasetLayout.CellDinoCellPaintingStrip => new CellDinoPngDataset(Csv(source), CellDinoPngOptions.CellPainting with { BadInput = bad, VerifyImages = verify }),
            DatasetLayout.TiffFolder => new TiffFolderDataset(Folder(source),
                new TiffFolderOptions { BadInput = bad, VerifyImages = verify, LabelsCsv = Labels(source) }),
            DatasetLayout.Synthetic => Synthetic(source),
            _ => throw new ArgumentException($"DatasetSource.Layout {(int)source.Layout} is not a DatasetLayout.", nameof(source)),
        };
    }

    private static SyntheticDataset Synthetic(DatasetSource source)
    {
        if (source.SyntheticCount < 1)
            throw new ArgumentException($"DatasetSource.SyntheticCount must be at least 1 for the Synthetic layout, got {source.SyntheticCount}.", nameof(source));
        return new SyntheticDataset(source.Synthetic ?? new SyntheticConfig(), source.SyntheticCount);
    }

    private static string RequirePath(DatasetSource source)
    {
        if (string.IsNullOrWhiteSpace(source.Path))
            throw new ArgumentException($"DatasetSource.Path is required for the {source.Layout} layout.", nameof(source));
        return source.Path;
    }

    private static string Folder(DatasetSource source)
    {
        var path = RequirePath(source);
        if (!Directory.Exists(path))
            throw new ArgumentException($"The {source.Layout} dataset folder {path} does not exist.", nameof(source));
        return path;
    }

    private static string Csv(DatasetSource source)
    {
        var path = RequirePath(source);
        if (!File.Exists(path))
            throw new ArgumentException($"The {source.Layout} dataset CSV {path} does not exist.", nameof(source));
        return path;
    }

    // CellProfiler writes load_data.csv into the plate folder; accept either the folder or the file.
    private static string LoadDataCsv(DatasetSource source)
    {
        var path = RequirePath(source);
        if (Directory.Exists(path)) path = System.IO.Path.Combine(path, "load_data.csv");
        if (!File.Exists(path))
            throw new ArgumentException($"The CellPainting LoadData CSV {path} does not exist.", nameof(source));
        return path;
    }

    private static string? Labels(DatasetSource source)
    {
        if (source.LabelsCsv is { } csv && !File.Exists(csv))
            throw new ArgumentException($"The labels CSV {csv} does not exist.", nameof(source));
        return source.LabelsCsv;
    }
}
