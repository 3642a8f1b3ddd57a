using CellDino.Eval.Embedding;
using CellDino.Eval.Visualization.Rendering;

namespace CellDino.Eval.Visualization;

/// <summary>
/// Matrix heat map with a viridis colour bar and optional label boundaries, and the cosine-similarity matrix of
/// profiles sorted by label (blocks on the diagonal show that same-label profiles agree). The colour bar carries the
/// name of the quantity it measures; the CSV is in long form: row, col, row_label, col_label, then the value under that
/// name (<c>cosine_similarity</c>; <c>value</c> when unnamed).
/// </summary>
public static class Heatmap
{
    private const int ColorBarWidth = 16;

    /// <summary>The quantity <see cref="WriteCosineSimilarity"/> plots, as its colour bar and CSV name it.</summary>
    public const string CosineSimilarityName = "cosine similarity";

    // Room right of the colour bar for its tick labels, and for the title beside them.
    private const int TickRoom = 70, TitleRoom = BitmapFont.GlyphHeight + 6;

    /// <summary>Writes a heat map of <paramref name="matrix"/> [R, C].</summary>
    /// <param name="pngPath">Output PNG path.</param>
    /// <param name="matrix">Values; row 0 is drawn at the top.</param>
    /// <param name="labels">Optional R row labels (also the column labels when the matrix is square): lines are drawn
    /// where consecutive labels differ and each run is named on the left.</param>
    /// <param name="style">Size and text.</param>
    /// <param name="vMin">Value mapped to the darkest colour (default: matrix minimum).</param>
    /// <param name="vMax">Value mapped to the brightest colour (default: matrix maximum).</param>
    /// <param name="quantity">What the values are, e.g. <c>cosine similarity</c>: written along the colour bar and as the CSV's value column.</param>
    public static void Write(string pngPath, float[,] matrix, IReadOnlyList<string>? labels = null, PlotStyle? style = null,
        double? vMin = null, double? vMax = null, string? quantity = null)
    {
        style ??= new PlotStyle();
        var layout = Layout(matrix, labels, style, vMin, vMax, quantity);
        int rows = matrix.GetLength(0), cols = matrix.GetLength(1);
        bool square = rows == cols;
        using (var c = new Canvas(style.Width, style.Height, Colors.White))
        {
            // Per pixel rather than per cell, so matrices larger than the drawing area are subsampled instead of dropped.
            for (int py = 0; py < layout.Size; py++)
                for (int px = 0; px < layout.Size; px++)
                    c.Set(layout.Left + px, layout.Top + py,
                        Colormap.Viridis(layout.Normalize(matrix[(int)((long)py * rows / layout.Size), (int)((long)px * cols / layout.Size)])));
            if (labels is not null) DrawBoundaries(c, layout, labels, square);
            c.StrokeRect(layout.Left - 1, layout.Top - 1, layout.Left + layout.Size, layout.Top + layout.Size, Colors.Ink);
            DrawColorBar(c, layout);
            if (!string.IsNullOrEmpty(quantity))
            {
                var (x, y) = ColorBarTitleAt(layout, quantity);
                c.TextVertical(x, y, quantity, Colors.Ink);
            }
            layout.Axes.DrawLabels(c);
            c.SavePng(pngPath);
        }
        var csv = new CsvTable("row", "col", "row_label", "col_label", string.IsNullOrEmpty(quantity) ? "value" : BitmapFont.ToAscii(quantity).Replace(' ', '_'));
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++)
                csv.Row(CsvTable.Num(i), CsvTable.Num(j), labels?[i] ?? "", square && labels is not null ? labels[j] : "", CsvTable.Num(matrix[i, j]));
        csv.Save(PlotStyle.CsvPathFor(pngPath));
    }

    /// <summary>
    /// Sorts the rows of <paramref name="set"/> by label (ordinal, stable), computes their pairwise cosine similarity
    /// and writes it as a heat map scaled to the range of the off-diagonal similarities, with label boundaries.
    /// </summary>
    /// <param name="pngPath">Output PNG path (the CSV goes beside it).</param>
    /// <param name="set">Embeddings or profiles, finite.</param>
    /// <param name="labels">One label per row of <paramref name="set"/> (e.g. <c>EvaluationTask.LabelText</c>).</param>
    /// <param name="style">Size and text.</param>
    /// <returns>The original row index of each sorted row.</returns>
    /// <exception cref="ArgumentException">An empty or non-finite set, or a label count other than its row count.</exception>
    public static int[] WriteCosineSimilarity(string pngPath, EmbeddingSet set, IReadOnlyList<string> labels, PlotStyle? style = null)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(labels);
        int n = set.Count;
        if (n == 0) throw new ArgumentException("The embedding set is empty.", nameof(set));
        Check.Length(labels.Count, n, nameof(labels), "the embedding set");
        set.ThrowIfNotFinite(nameof(set));
        var order = Enumerable.Range(0, n).OrderBy(i => labels[i], StringComparer.Ordinal).ToArray();
        var sim = CosineSimilarity(set.Features, set.Dim, order);
        // Scaled to the off-diagonal values (the diagonal is 1 by definition): a fixed [-1, 1] scale paints embeddings
        // that are all nearly parallel (a collapsed model) one colour; the labelled colour bar shows the range used.
        double lo = 1, hi = -1;
        for (int a = 0; a < n; a++)
            for (int b = 0; b < n; b++)
                if (a != b) { lo = Math.Min(lo, sim[a, b]); hi = Math.Max(hi, sim[a, b]); }
        if (n < 2) (lo, hi) = (-1, 1);
        if (hi - lo < 1e-6) (lo, hi) = (Math.Max(-1, lo - 5e-7), Math.Min(1, hi + 5e-7));
        Write(pngPath, sim, order.Select(i => labels[i]).ToArray(), style, lo, Math.Max(hi, lo + 1e-6), CosineSimilarityName);
        return order;
    }

    /// <summary>Cosine similarity of the rows of row-major <paramref name="x"/> taken in <paramref name="order"/>; zero rows have similarity 0 to everything.</summary>
    internal static float[,] CosineSimilarity(float[] x, int d, int[] order)
    {
        int n = order.Length;
        var unit = new float[n][];
        for (int a = 0; a < n; a++)
        {
            var row = x.AsSpan(order[a] * d, d).ToArray();
            float norm = System.Numerics.Tensors.TensorPrimitives.Norm(row);
            if (norm > 0) System.Numerics.Tensors.TensorPrimitives.Divide(row, norm, row);
            unit[a] = row;
        }
        var sim = new float[n, n];
        for (int a = 0; a < n; a++)
            for (int b = a; b < n; b++)
                sim[a, b] = sim[b, a] = Math.Clamp(System.Numerics.Tensors.TensorPrimitives.Dot(unit[a], unit[b]), -1f, 1f);
        return sim;
    }

    /// <summary>Validates input and places the square data area (exposed to tests to locate cells).</summary>
    internal static HeatmapLayout Layout(float[,] matrix, IReadOnlyList<string>? labels, PlotStyle style, double? vMin, double? vMax, string? quantity = null)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        style.Validate();
        int rows = matrix.GetLength(0), cols = matrix.GetLength(1);
        if (rows == 0 || cols == 0) throw new ArgumentException($"matrix must be non-empty, got [{rows}, {cols}].", nameof(matrix));
        if (labels is not null) Check.Length(labels.Count, rows, nameof(labels), "matrix rows");
        Check.Finite(matrix, nameof(matrix));
        double lo = vMin ?? double.MaxValue, hi = vMax ?? double.MinValue;
        if (vMin is null || vMax is null)
            foreach (var v in matrix) { if (vMin is null) lo = Math.Min(lo, v); if (vMax is null) hi = Math.Max(hi, v); }
        if (!double.IsFinite(lo) || !double.IsFinite(hi) || hi < lo)
            throw new ArgumentException($"Colour range [{lo}, {hi}] is invalid.");
        int labelWidth = labels is null ? 10 : Math.Min(style.Width / 4, Legend.Width(labels) - 10);
        var axes = new Axes(style, 0, 1, 0, 1, rightMargin: ColorBarWidth + TickRoom + (string.IsNullOrEmpty(quantity) ? 0 : TitleRoom));
        int left = Math.Max(axes.Left - 60 + labelWidth, 10);
        int size = Math.Min(axes.Right - left, axes.Bottom - axes.Top);
        if (size < 10) throw new ArgumentException($"Plot {style.Width}x{style.Height} leaves no room for the matrix.");
        return new HeatmapLayout(axes, left, axes.Top, size, rows, cols, lo, hi);
    }

    private static void DrawBoundaries(Canvas c, HeatmapLayout l, IReadOnlyList<string> labels, bool square)
    {
        int start = 0;
        for (int i = 1; i <= labels.Count; i++)
        {
            if (i < labels.Count && string.Equals(labels[i], labels[i - 1], StringComparison.Ordinal)) continue;
            if (i < labels.Count)
            {
                int y = l.Cell(i, 0).Y0;
                c.Line(l.Left, y, l.Left + l.Size - 1, y, Colors.White, 1);
                if (square)
                {
                    int x = l.Cell(0, i).X0;
                    c.Line(x, l.Top, x, l.Top + l.Size - 1, Colors.White, 1);
                }
            }
            int mid = (l.Cell(start, 0).Y0 + l.Cell(i - 1, 0).Y1) / 2;
            // Names of runs too thin for a text line are skipped rather than overprinted.
            if (l.Cell(i - 1, 0).Y1 - l.Cell(start, 0).Y0 >= BitmapFont.GlyphHeight + 1)
                c.TextRight(l.Left - 4, mid - 3, BarChart.Truncate(labels[start], l.Left - 8), Colors.Ink);
            start = i;
        }
    }

    /// <summary>Top-left of the colour bar's title, drawn reading upwards right of the tick labels and centred on the bar.</summary>
    internal static (int X, int Y) ColorBarTitleAt(HeatmapLayout l, string quantity)
    {
        int x = ColorBarX(l) + ColorBarWidth + TickRoom - 15;
        int length = BitmapFont.MeasureWidth(BitmapFont.ToAscii(quantity), 1);
        return (x, l.Top + Math.Max(0, (l.Size - length) / 2));
    }

    private static int ColorBarX(HeatmapLayout l) => l.Left + l.Size + 15;

    private static void DrawColorBar(Canvas c, HeatmapLayout l)
    {
        int x0 = ColorBarX(l), x1 = x0 + ColorBarWidth;
        for (int y = 0; y < l.Size; y++)
            c.FillRect(x0, l.Top + y, x1, l.Top + y + 1, Colormap.Viridis(1 - y / (double)Math.Max(1, l.Size - 1)));
        c.StrokeRect(x0 - 1, l.Top - 1, x1, l.Top + l.Size, Colors.Ink);
        // The ends first (they say the range the colours span), then the nice ticks that do not crowd them.
        var drawn = new List<int>();
        foreach (var t in new[] { l.VMin, l.VMax }.Concat(Axes.NiceTicks(l.VMin, l.VMax)).Distinct())
        {
            if (t < l.VMin || t > l.VMax) continue;
            int y = l.Top + (int)Math.Round((1 - l.Normalize(t)) * (l.Size - 1));
            if (drawn.Any(d => Math.Abs(d - y) < 10)) continue;
            drawn.Add(y);
            c.Line(x1, y, x1 + 3, y, Colors.Ink, 1);
            c.Text(x1 + 6, y - 3, Axes.Format(t), Colors.Ink);
        }
    }
}
