using CellDino.Data.Synthetic;

namespace CellDino.Data.Readers;

/// <summary>One named entry of the <see cref="DatasetLayouts"/> registry.</summary>
/// <param name="Name">The name users type (<c>celldino --layout</c>, config files), e.g. <c>hpa-kaggle</c>.</param>
/// <param name="Layout">The reader it opens.</param>
/// <param name="Description">One line for help texts.</param>
/// <param name="SyntheticPreset">For <see cref="DatasetLayout.Synthetic"/> entries, the generator settings the name stands for.</param>
public sealed record DatasetLayoutInfo(string Name, DatasetLayout Layout, string Description, SyntheticConfig? SyntheticPreset = null);
