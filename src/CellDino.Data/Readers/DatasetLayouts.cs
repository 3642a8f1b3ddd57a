using CellDino.Data.Samples;
using CellDino.Data.Synthetic;

namespace CellDino.Data.Readers;

/// <summary>
/// The registry of dataset layouts: the one place that maps a layout name to its reader and a
/// <see cref="DatasetSource"/> to an opened dataset. The CLI, the DI factory and library users all open datasets here.
/// </summary>
public static class DatasetLayouts
{
    /// <summary>Every named layout, in help order.</summary>
    public static IReadOnlyList<DatasetLayoutInfo> All { get; } =
    [
        new("hpa-kaggle", DatasetLayout.HpaKaggle, "HPA Kaggle <Id>_<colour>.png fields with an Id,Target or ID,Label CSV"),
        new("hpa-single-cell", DatasetLayout.HpaSingleCell, "single cells of HPA Kaggle fields cut around <Id>_predictedmask.png instance masks"),
        new("cellpainting", DatasetLayout.CellPainting, "Cell Painting CellProfiler LoadData CSV (or its folder), with an optional plate map"),
        new("celldino-png", DatasetLayout.CellDinoPng, "Cell-DINO's CSV of RGBA PNG fields of view"),
        new("celldino-strip", DatasetLayout.CellDinoStrip, "Cell-DINO's CSV of 4-channel single-cell PNG strips"),
        new("celldino-cp-strip", DatasetLayout.CellDinoCellPaintingStrip, "Cell-DINO's CSV of 5-channel Cell Painting PNG strips"),
        new("tiff-folder", DatasetLayout.TiffFolder, "a folder of multi-page or multi-channel TIFFs"),
        new("opera-phenix", DatasetLayout.OperaPhenix, "an Opera Phenix / Harmony export folder of rRRcCCfFFpPP-chN...tiff files, with an optional plate map"),
        new("synthetic-hpa", DatasetLayout.Synthetic, "generated 64 px HPA-like fields of view",
            new SyntheticConfig { Height = 64, Width = 64 }),
        new("synthetic-cells", DatasetLayout.Synthetic, "generated 64 px single-cell crops of 96 px HPA-like fields",
            new SyntheticConfig { Height = 96, Width = 96, SingleCellCropSize = 64 }),
        new("synthetic-cellpainting", DatasetLayout.Synthetic, "generated 128 px 5-channel Cell Painting-like sites",
            new SyntheticConfig { Kind = SyntheticKind.CellPainting, Height = 128, Width = 128 }),
    ];

    /// <summary>The layout names, in help order.</summary>
    public static IReadOnlyList<string> Names { get; } = All.Select(l => l.Name).ToArray();

    /// <summary>The entry named <paramref name="name"/> (case-insensitive).</summary>
    /// <exception cref="ArgumentException">No layout has that name; the message lists the names.</exception>
    public static DatasetLayoutInfo Find(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return All.FirstOrDefault(l => l.Name.Equals(name.Trim(), StringComparison.OrdinalIgnoreCase))
            ?? throw new ArgumentException($"Unknown dataset layout '{name}'; expected one of {string.Join(", ", Names)}.", nameof(name));
    }

    /// <summary>The name of <paramref name="layout"/> as <c>--layout</c> takes it (the first entry of <see cref="All"/> with that layout).</summary>
    internal static string NameOf(DatasetLayout layout) => All.FirstOrDefault(l => l.Layout == layout)?.Name ?? layout.ToString();

    /// <summary>A source for the layout named <paramref name="name"/> at <paramref name="path"/> (synthetic names carry their generator settings).</summary>
    /// <exception cref="ArgumentException">No layout has that name.</exception>
    public static DatasetSource Source(string name, string? path)
    {
        var info = Find(name);
        return new DatasetSource { Layout = info.Layout, Path = path, Synthetic = info.SyntheticPreset };
    }

    /// <summary>
    /// Opens <paramref name="source"/>: resolves the defaults a layout documents (Kaggle's <c>train/</c> folder and
    /// <c>train.csv</c>, 2018 or 2021 label columns, <c>masks/</c>, <c>load_data.csv</c>, <c>platemap.csv</c>), then builds the reader.
    /// </summary>
    /// <param name="source">What to open.</param>
    /// <param name="defaults">Bad-input policy and image verification where <paramref name="source"/> leaves them null.</param>
    /// <exception cref="ArgumentException">A path the layout needs is missing or does not exist, or an option is out of range.</exception>
    /// <exception cref="DataFormatException">A file is malformed (under fail-fast, also a bad image or row).</exception>
    public static IMicroscopyDataset Open(DatasetSource source, DatasetReaderOptions? defaults = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        return DatasetOpener.Open(source, defaults ?? new DatasetReaderOptions());
    }
}
