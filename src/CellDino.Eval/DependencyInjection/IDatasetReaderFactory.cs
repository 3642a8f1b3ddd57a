using CellDino.Data.Readers;
using CellDino.Data.Samples;

namespace CellDino.Eval.DependencyInjection;

/// <summary>Opens microscopy datasets by layout, applying <see cref="CellDinoOptions.DatasetReader"/>'s bad-input policy where a source leaves it unset (the <see cref="DatasetLayouts"/> registry behind it).</summary>
public interface IDatasetReaderFactory
{
    /// <summary>Opens <paramref name="source"/>; throws <see cref="ArgumentException"/> when a path is missing or does not exist.</summary>
    IMicroscopyDataset Open(DatasetSource source);

    /// <summary>Opens the files at <paramref name="path"/> with the reader for <paramref name="layout"/>.</summary>
    IMicroscopyDataset Open(DatasetLayout layout, string path, string? labelsCsv = null);
}
