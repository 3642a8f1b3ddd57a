using CellDino.Eval.Visualization.Rendering;

namespace CellDino.Eval.Visualization;

/// <summary>
/// The DINOv2 / Cell-DINO patch-feature visualisation (Cell-DINO Fig. 9): the first three principal components of the
/// foreground patch tokens, each min-max scaled over the image, shown as red, green and blue; background patches
/// black. <see cref="Write"/> upscales the map to the image size and, given the image, puts its channel composite on
/// the left.
/// </summary>
public static class PatchFeatureMap
{
    /// <summary>Gap in pixels between the composite and the feature map in side-by-side output.</summary>
    public const int Gap = 4;

    /// <summary>Computes the RGB feature map of <paramref name="grid"/>.</summary>
    public static PatchFeatureMapResult Compute(PatchGrid grid, PatchFeatureMapOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(grid);
        grid.Validate();
        options ??= new PatchFeatureMapOptions();
        int n = grid.Count;
        var foreground = ForegroundMask(grid, options);
        var fgIndex = Enumerable.Range(0, n).Where(i => foreground[i]).ToArray();
        if (fgIndex.Length < 2) throw new ArgumentException($"Only {fgIndex.Length} of {n} patches are foreground; PCA needs at least 2. Lower the threshold or flip ForegroundAbove.");
        var fg = Rows(grid.Tokens, fgIndex);
        int k = Math.Min(3, Math.Min(fgIndex.Length, grid.Dim));
        var pca = Pca.Fit(fg, k);
        var proj = pca.Transform(fg);
        var components = new float[n, 3];
        var rgb = new float[grid.GridHeight, grid.GridWidth, 3];
        for (int c = 0; c < k; c++)
        {
            // A component with (numerically) no variance would turn rounding noise into full-range colour: show it flat.
            bool flat = pca.ExplainedVariance[c] <= 1e-8 * Math.Max(pca.ExplainedVariance[0], 1e-30);
            float lo = float.MaxValue, hi = float.MinValue;
            for (int a = 0; a < fgIndex.Length; a++) { lo = Math.Min(lo, proj[a, c]); hi = Math.Max(hi, proj[a, c]); }
            for (int a = 0; a < fgIndex.Length; a++)
            {
                int i = fgIndex[a];
                components[i, c] = proj[a, c];
                rgb[i / grid.GridWidth, i % grid.GridWidth, c] = flat || hi <= lo ? 0.5f : (proj[a, c] - lo) / (hi - lo);
            }
        }
        for (int c = k; c < 3; c++)
            foreach (int i in fgIndex) rgb[i / grid.GridWidth, i % grid.GridWidth, c] = 0.5f;
        return new PatchFeatureMapResult(rgb, foreground, components);
    }

    /// <summary>
    /// Writes the feature map upscaled to <paramref name="imageHeight"/> x <paramref name="imageWidth"/> (nearest
    /// neighbour, so patch borders stay sharp). With <paramref name="image"/> [C, H, W] the PNG is
    /// (2 * imageWidth + <see cref="Gap"/>) x imageHeight, composite on the left; without, imageWidth x imageHeight.
    /// The CSV lists per patch: patch, row, col, foreground, pc1..pc3, r, g, b.
    /// </summary>
    public static PatchFeatureMapResult Write(string pngPath, PatchGrid grid, int imageHeight, int imageWidth, float[,,]? image = null,
        PatchFeatureMapOptions? options = null)
    {
        if (imageHeight < 1 || imageWidth < 1 || imageHeight > 16384 || imageWidth > 8192)
            throw new ArgumentException($"Image size {imageHeight}x{imageWidth} is out of range.");
        var result = Compute(grid, options);
        var composite = image is null ? null : ChannelComposite.Render(image);
        int left = composite is null ? 0 : imageWidth + Gap;
        using (var c = new Canvas(left + imageWidth, imageHeight, Colors.White))
        {
            if (composite is not null) ChannelComposite.Blit(c, composite, 0, 0, imageWidth, imageHeight);
            ChannelComposite.Blit(c, result.Rgb, left, 0, imageWidth, imageHeight);
            c.SavePng(pngPath);
        }
        var csv = new CsvTable("patch", "row", "col", "foreground", "pc1", "pc2", "pc3", "r", "g", "b");
        for (int i = 0; i < grid.Count; i++)
        {
            int r = i / grid.GridWidth, col = i % grid.GridWidth;
            csv.Row(CsvTable.Num(i), CsvTable.Num(r), CsvTable.Num(col), result.Foreground[i] ? "1" : "0",
                CsvTable.Num(result.Components[i, 0]), CsvTable.Num(result.Components[i, 1]), CsvTable.Num(result.Components[i, 2]),
                CsvTable.Num(result.Rgb[r, col, 0]), CsvTable.Num(result.Rgb[r, col, 1]), CsvTable.Num(result.Rgb[r, col, 2]));
        }
        csv.Save(PlotStyle.CsvPathFor(pngPath));
        return result;
    }

    private static bool[] ForegroundMask(PatchGrid grid, PatchFeatureMapOptions options)
    {
        int n = grid.Count;
        if (options.Mask is not null)
        {
            Check.Length(options.Mask.Count, n, "options.Mask", "the patch grid");
            return options.Mask.ToArray();
        }
        var all = Enumerable.Repeat(true, n).ToArray();
        if (options.FirstComponentThreshold is not double threshold) return all;
        if (!double.IsFinite(threshold)) throw new ArgumentException($"FirstComponentThreshold is {threshold}; expected a finite value.");
        var first = Pca.Fit(grid.Tokens, 1).Transform(grid.Tokens);
        float lo = float.MaxValue, hi = float.MinValue;
        for (int i = 0; i < n; i++) { lo = Math.Min(lo, first[i, 0]); hi = Math.Max(hi, first[i, 0]); }
        for (int i = 0; i < n; i++)
        {
            double t = hi > lo ? (first[i, 0] - lo) / (hi - lo) : 0.5;
            all[i] = options.ForegroundAbove ? t > threshold : t < threshold;
        }
        return all;
    }

    internal static float[,] Rows(float[,] x, int[] index)
    {
        int d = x.GetLength(1);
        var r = new float[index.Length, d];
        for (int a = 0; a < index.Length; a++)
            for (int j = 0; j < d; j++) r[a, j] = x[index[a], j];
        return r;
    }
}
