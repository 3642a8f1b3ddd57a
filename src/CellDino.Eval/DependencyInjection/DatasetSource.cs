using CellDino.Data.Synthetic;

namespace CellDino.Eval.DependencyInjection;

/// <summary>What <see cref="IDatasetReaderFactory.Open(DatasetSource)"/> opens: a layout and where its files are.</summary>
public sealed record DatasetSource
{
    /// <summary>The reader to use.</summary>
    public required DatasetLayout Layout { get; init; }

    /// <summary>
    /// The image folder (<see cref="DatasetLayout.HpaKaggle"/>, <see cref="DatasetLayout.TiffFolder"/>), the CSV
    /// (<see cref="DatasetLayout.CellPainting"/> also takes its folder, <c>load_data.csv</c> inside) or, for
    /// <see cref="DatasetLayout.Synthetic"/>, unused.
    /// </summary>
    public string? Path { get; init; }

    /// <summary>Labels CSV for <see cref="DatasetLayout.HpaKaggle"/> (<c>Id,Target</c>) and <see cref="DatasetLayout.TiffFolder"/> (<c>id,labels</c>); null for none.</summary>
    public string? LabelsCsv { get; init; }

    /// <summary>Generator settings for <see cref="DatasetLayout.Synthetic"/> (default: 64 px HPA fields of view, seed 0).</summary>
    public SyntheticConfig? Synthetic { get; init; }

    /// <summary>Number of images of a <see cref="DatasetLayout.Synthetic"/> dataset.</summary>
    public int SyntheticCount { get; init; } = 64;
}
