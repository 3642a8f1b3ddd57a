using CellDino.Eval.Visualization.Rendering;
using SixLabors.ImageSharp.PixelFormats;

namespace CellDino.Eval.Visualization;

/// <summary>
/// Patch matching: the cosine similarity of one query patch of a source image to every patch of a target image,
/// shown as a viridis heat overlay on the target (min-max scaled over the target), beside the source with the query
/// patch outlined in red. The best-matching target patch is outlined in red too.
/// </summary>
public static class PatchMatching
{
    /// <summary>Gap in pixels between the two panels.</summary>
    public const int Gap = 4;

    /// <summary>Cosine similarity of source patch (<paramref name="queryRow"/>, <paramref name="queryCol"/>) to every
    /// target patch (row-major); a zero vector has similarity 0.</summary>
    public static float[] Similarities(PatchGrid source, int queryRow, int queryCol, PatchGrid target)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        source.Validate();
        target.Validate();
        if ((uint)queryRow >= (uint)source.GridHeight || (uint)queryCol >= (uint)source.GridWidth)
            throw new ArgumentOutOfRangeException(nameof(queryRow), $"Query patch ({queryRow}, {queryCol}) is outside the {source.GridHeight}x{source.GridWidth} grid.");
        if (source.Dim != target.Dim) throw new ArgumentException($"Source tokens have dimension {source.Dim} but target tokens {target.Dim}.");
        int d = target.Dim, query = queryRow * source.GridWidth + queryCol;
        var both = new float[(target.Count + 1) * d];
        for (int j = 0; j < d; j++) both[j] = source.Tokens[query, j];
        Buffer.BlockCopy(target.Tokens, 0, both, d * sizeof(float), target.Count * d * sizeof(float));
        var order = Enumerable.Range(0, target.Count + 1).ToArray();
        var sim = Heatmap.CosineSimilarity(both, d, order);
        var result = new float[target.Count];
        for (int i = 0; i < target.Count; i++) result[i] = sim[0, i + 1];
        return result;
    }

    /// <summary>
    /// Writes the two panels, each <paramref name="imageHeight"/> x <paramref name="imageWidth"/> (PNG
    /// (2 * imageWidth + <see cref="Gap"/>) x imageHeight), and a CSV (patch, row, col, similarity). Without images the
    /// source panel is grey and the heat map is drawn opaque.
    /// </summary>
    /// <returns>The similarities, as <see cref="Similarities"/>.</returns>
    public static float[] Write(string pngPath, PatchGrid source, int queryRow, int queryCol, PatchGrid target, int imageHeight, int imageWidth,
        float[,,]? sourceImage = null, float[,,]? targetImage = null)
    {
        if (imageHeight < 1 || imageWidth < 1 || imageHeight > 16384 || imageWidth > 8192)
            throw new ArgumentException($"Image size {imageHeight}x{imageWidth} is out of range.");
        var sim = Similarities(source, queryRow, queryCol, target);
        float lo = sim.Min(), hi = sim.Max();
        int best = Array.IndexOf(sim, hi);
        var red = new Rgba32(230, 20, 20, 255);
        using (var c = new Canvas(2 * imageWidth + Gap, imageHeight, Colors.White))
        {
            if (sourceImage is not null) ChannelComposite.Blit(c, ChannelComposite.Render(sourceImage), 0, 0, imageWidth, imageHeight);
            else c.FillRect(0, 0, imageWidth, imageHeight, new Rgba32(90, 90, 90, 255));
            Outline(c, 0, imageWidth, imageHeight, source.GridHeight, source.GridWidth, queryRow, queryCol, red);

            int left = imageWidth + Gap;
            if (targetImage is not null) ChannelComposite.Blit(c, Grey(ChannelComposite.Render(targetImage)), left, 0, imageWidth, imageHeight);
            float alpha = targetImage is null ? 1f : 0.6f;
            for (int y = 0; y < imageHeight; y++)
                for (int x = 0; x < imageWidth; x++)
                {
                    int r = (int)((long)y * target.GridHeight / imageHeight), col = (int)((long)x * target.GridWidth / imageWidth);
                    double t = hi > lo ? (sim[r * target.GridWidth + col] - lo) / (hi - lo) : 0.5;
                    c.Blend(left + x, y, Colormap.Viridis(t), alpha);
                }
            Outline(c, left, imageWidth, imageHeight, target.GridHeight, target.GridWidth, best / target.GridWidth, best % target.GridWidth, red);
            c.SavePng(pngPath);
        }
        var csv = new CsvTable("patch", "row", "col", "similarity");
        for (int i = 0; i < sim.Length; i++)
            csv.Row(CsvTable.Num(i), CsvTable.Num(i / target.GridWidth), CsvTable.Num(i % target.GridWidth), CsvTable.Num(sim[i]));
        csv.Save(PlotStyle.CsvPathFor(pngPath));
        return sim;
    }

    private static void Outline(Canvas c, int left, int width, int height, int gh, int gw, int row, int col, Rgba32 color)
    {
        int x0 = left + (int)((long)col * width / gw), x1 = left + (int)((long)(col + 1) * width / gw) - 1;
        int y0 = (int)((long)row * height / gh), y1 = (int)((long)(row + 1) * height / gh) - 1;
        c.StrokeRect(x0, y0, Math.Max(x0, x1), Math.Max(y0, y1), color);
    }

    private static float[,,] Grey(float[,,] rgb)
    {
        int h = rgb.GetLength(0), w = rgb.GetLength(1);
        var g = new float[h, w, 3];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
            {
                float v = 0.2126f * rgb[y, x, 0] + 0.7152f * rgb[y, x, 1] + 0.0722f * rgb[y, x, 2];
                g[y, x, 0] = g[y, x, 1] = g[y, x, 2] = v;
            }
        return g;
    }
}
