namespace CellDino.Eval.Profiling;

/// <summary>Site-level profiles: the feature-wise median of each site's cells.</summary>
/// <param name="Sites">One key per row, in order of first appearance.</param>
/// <param name="Features">[sites, features].</param>
/// <param name="CellCounts">Cells per site.</param>
public sealed record SiteProfiles(IReadOnlyList<SiteKey> Sites, double[,] Features, IReadOnlyList<int> CellCounts);
