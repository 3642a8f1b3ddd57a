namespace CellDino.Eval.Profiling;

/// <summary>Well-level profiles: the feature-wise mean of each well's site profiles.</summary>
/// <param name="Wells">One key per row, in order of first appearance.</param>
/// <param name="Features">[wells, features].</param>
/// <param name="SiteCounts">Sites per well.</param>
public sealed record WellProfiles(IReadOnlyList<WellKey> Wells, double[,] Features, IReadOnlyList<int> SiteCounts);
