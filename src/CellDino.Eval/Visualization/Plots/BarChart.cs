using CellDino.Eval.Visualization.Rendering;

namespace CellDino.Eval.Visualization;

/// <summary>
/// Grouped bar chart: one group per entry of <c>groups</c> (e.g. a class or dataset) with one bar per series
/// (e.g. a method), such as per-class F1 of several models. Optional error whiskers. The CSV has one row per bar.
/// </summary>
public static class BarChart
{
    /// <summary>Writes the PNG to <paramref name="pngPath"/> and the CSV (group, series, value, error) beside it.</summary>
    /// <param name="pngPath">Output PNG path.</param>
    /// <param name="groups">Group names along x.</param>
    /// <param name="series">Series names (legend), one bar per series in every group.</param>
    /// <param name="values">[groups, series] bar heights.</param>
    /// <param name="errors">Optional [groups, series] non-negative half-widths of whiskers.</param>
    /// <param name="style">Size and text.</param>
    public static void Write(string pngPath, IReadOnlyList<string> groups, IReadOnlyList<string> series, double[,] values,
        double[,]? errors = null, PlotStyle? style = null)
    {
        ArgumentNullException.ThrowIfNull(groups);
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(values);
        style ??= new PlotStyle();
        style.Validate();
        int g = groups.Count, s = series.Count;
        if (g == 0 || s == 0) throw new ArgumentException("BarChart needs at least one group and one series.");
        Check.Length(values.GetLength(0), g, "values rows", "groups");
        Check.Length(values.GetLength(1), s, "values columns", "series");
        if (errors is not null && (errors.GetLength(0) != g || errors.GetLength(1) != s))
            throw new ArgumentException($"errors must be [{g}, {s}] like values, got [{errors.GetLength(0)}, {errors.GetLength(1)}].", nameof(errors));
        double yMin = 0, yMax = 0;
        for (int i = 0; i < g; i++)
            for (int j = 0; j < s; j++)
            {
                double v = values[i, j], e = errors?[i, j] ?? 0;
                if (!double.IsFinite(v)) throw new ArgumentException($"values[{i},{j}] is {v}; expected a finite value.", nameof(values));
                if (!double.IsFinite(e) || e < 0) throw new ArgumentException($"errors[{i},{j}] is {e}; expected a finite non-negative value.", nameof(errors));
                yMin = Math.Min(yMin, v - e); yMax = Math.Max(yMax, v + e);
            }
        var axes = new Axes(style, -0.5, g - 0.5, yMin, yMax, rightMargin: Legend.Width(series) + 20);
        using (var c = new Canvas(style.Width, style.Height, Colors.White))
        {
            axes.DrawFrame(c, drawXTicks: false);
            double slot = (axes.Right - axes.Left) / (double)g;
            double barWidth = slot * 0.8 / s;
            int zero = axes.Y(0);
            for (int i = 0; i < g; i++)
            {
                double groupLeft = axes.X(i) - slot * 0.4;
                for (int j = 0; j < s; j++)
                {
                    int x0 = (int)Math.Round(groupLeft + j * barWidth), x1 = Math.Max(x0 + 1, (int)Math.Round(groupLeft + (j + 1) * barWidth) - 1);
                    int y = axes.Y(values[i, j]);
                    c.FillRect(x0, Math.Min(y, zero), x1, Math.Max(y, zero) + 1, Palette.Color(j));
                    if (errors is not null)
                    {
                        int mid = (x0 + x1) / 2, lo = axes.Y(values[i, j] - errors[i, j]), hi = axes.Y(values[i, j] + errors[i, j]);
                        c.Line(mid, lo, mid, hi, Colors.Ink, 1);
                        c.Line(mid - 2, lo, mid + 2, lo, Colors.Ink, 1);
                        c.Line(mid - 2, hi, mid + 2, hi, Colors.Ink, 1);
                    }
                }
                c.Line(axes.X(i), axes.Bottom, axes.X(i), axes.Bottom + 4, Colors.Ink, 1);
                c.TextCentered(axes.X(i), axes.Bottom + 7, Truncate(groups[i], (int)slot), Colors.Ink);
            }
            c.Line(axes.Left, zero, axes.Right, zero, Colors.Ink, 1);
            Legend.Draw(c, axes.Right + 10, axes.Top, series, Palette.Color, style.Height);
            c.SavePng(pngPath);
        }
        var csv = new CsvTable("group", "series", "value", "error");
        for (int i = 0; i < g; i++)
            for (int j = 0; j < s; j++)
                csv.Row(groups[i], series[j], CsvTable.Num(values[i, j]), errors is null ? "" : CsvTable.Num(errors[i, j]));
        csv.Save(PlotStyle.CsvPathFor(pngPath));
    }

    /// <summary>Shortens a label to fit <paramref name="pixels"/> so neighbouring group names never overlap.</summary>
    internal static string Truncate(string text, int pixels)
    {
        int max = Math.Max(1, (pixels + 1) / BitmapFont.Advance);
        return text.Length <= max ? text : text[..Math.Max(1, max - 1)] + ".";
    }
}
