namespace CellDino.Eval.Visualization;

/// <summary>
/// Background masking for <see cref="PatchFeatureMap"/> (the DINOv2 recipe: a first PCA over all patches, threshold its
/// first component, then a second 3-component PCA over the foreground patches only).
/// </summary>
/// <param name="Mask">Explicit foreground mask, one entry per patch (row-major); takes precedence over the threshold.</param>
/// <param name="FirstComponentThreshold">When set (and no mask is given), patches whose first principal component,
/// min-max scaled to [0, 1] over the image, lies above it (or below it, see <paramref name="ForegroundAbove"/>) are
/// foreground. Null keeps every patch.</param>
/// <param name="ForegroundAbove">Which side of the threshold is foreground; the sign of a principal component is
/// arbitrary, so check one image and flip if the cells come out black.</param>
public sealed record PatchFeatureMapOptions(IReadOnlyList<bool>? Mask = null, double? FirstComponentThreshold = null, bool ForegroundAbove = true);
