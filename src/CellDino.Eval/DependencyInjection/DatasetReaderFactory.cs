using CellDino.Data.Readers;
using CellDino.Data.Samples;

namespace CellDino.Eval.DependencyInjection;

/// <summary>The registered <see cref="IDatasetReaderFactory"/>: the <see cref="DatasetLayouts"/> registry with the configured defaults.</summary>
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

    public IMicroscopyDataset Open(DatasetSource source) => DatasetLayouts.Open(source, _defaults);
}
