namespace CellDino.Eval.Visualization;

/// <summary>Result of <see cref="PatchFeatureMap.Compute"/>.</summary>
/// <param name="Rgb">[GridHeight, GridWidth, 3] colours in [0, 1]; background patches are black.</param>
/// <param name="Foreground">Per patch (row-major) whether it was kept.</param>
/// <param name="Components">[patches, 3] foreground PCA projections (0 for background and for missing components).</param>
public sealed record PatchFeatureMapResult(float[,,] Rgb, bool[] Foreground, float[,] Components);
