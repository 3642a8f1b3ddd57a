using CellDino.Eval.Visualization.Rendering;

namespace CellDino.Eval.Visualization;

/// <summary>
/// 2-D scatter plot coloured by a categorical column with a legend (e.g. a UMAP of embeddings coloured by
/// protein localisation or mechanism of action). Categories are coloured in ordinal-sorted order by <see cref="Palette"/>.
/// </summary>
public static class ScatterPlot
{
    /// <summary>Writes the PNG to <paramref name="pngPath"/> and the CSV (x, y, category) beside it.</summary>
    /// <param name="pngPath">Output PNG path; the CSV goes to <see cref="PlotStyle.CsvPathFor"/>.</param>
    /// <param name="points">[N, 2] coordinates.</param>
    /// <param name="categories">N category names, one per point.</param>
    /// <param name="style">Size and text; defaults to 800x600 without text.</param>
    /// <param name="pointRadius">Marker radius in pixels (0 draws single pixels).</param>
    public static void Write(string pngPath, float[,] points, IReadOnlyList<string> categories, PlotStyle? style = null, int pointRadius = 2)
    {
        style ??= new PlotStyle();
        var (axes, names, index) = Layout(points, categories, style);
        ArgumentOutOfRangeException.ThrowIfNegative(pointRadius);
        int n = points.GetLength(0);
        using (var c = new Canvas(style.Width, style.Height, Colors.White))
        {
            axes.DrawFrame(c);
            for (int i = 0; i < n; i++)
            {
                var col = Palette.Color(index[categories[i]]);
                c.Disc(axes.X(points[i, 0]), axes.Y(points[i, 1]), pointRadius, col);
            }
            Legend.Draw(c, axes.Right + 10, axes.Top, names, Palette.Color, style.Height);
            c.SavePng(pngPath);
        }
        var csv = new CsvTable("x", "y", "category");
        for (int i = 0; i < n; i++) csv.Row(CsvTable.Num(points[i, 0]), CsvTable.Num(points[i, 1]), categories[i]);
        csv.Save(PlotStyle.CsvPathFor(pngPath));
    }

    /// <summary>Validates the input and computes the axes (exposed to tests to locate points).</summary>
    internal static (Axes Axes, List<string> Names, Dictionary<string, int> Index) Layout(float[,] points, IReadOnlyList<string> categories, PlotStyle style)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(categories);
        style.Validate();
        if (points.GetLength(1) != 2) throw new ArgumentException($"points must be [N, 2], got [{points.GetLength(0)}, {points.GetLength(1)}].", nameof(points));
        int n = points.GetLength(0);
        if (n == 0) throw new ArgumentException("points is empty.", nameof(points));
        Check.Length(categories.Count, n, nameof(categories), "points");
        Check.Finite(points, nameof(points));
        var names = categories.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var index = names.Select((s, i) => (s, i)).ToDictionary(t => t.s, t => t.i, StringComparer.Ordinal);
        float xMin = float.MaxValue, xMax = float.MinValue, yMin = float.MaxValue, yMax = float.MinValue;
        for (int i = 0; i < n; i++)
        {
            xMin = Math.Min(xMin, points[i, 0]); xMax = Math.Max(xMax, points[i, 0]);
            yMin = Math.Min(yMin, points[i, 1]); yMax = Math.Max(yMax, points[i, 1]);
        }
        var axes = new Axes(style, xMin, xMax, yMin, yMax, rightMargin: Legend.Width(names) + 20);
        return (axes, names, index);
    }
}
