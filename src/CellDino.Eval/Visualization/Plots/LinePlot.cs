using CellDino.Eval.Visualization.Rendering;

namespace CellDino.Eval.Visualization;

/// <summary>
/// Line plot of several series with optional error bars or bands and an optional log-x axis (low-shot curves over the
/// fraction of labels, training-loss curves). The CSV holds one row per point: series, x, y, error.
/// </summary>
public static class LinePlot
{
    /// <summary>Writes the PNG to <paramref name="pngPath"/> and the CSV beside it.</summary>
    public static void Write(string pngPath, IReadOnlyList<LineSeries> series, PlotStyle? style = null, bool logX = false,
        ErrorDisplay errorDisplay = ErrorDisplay.Bars)
    {
        ArgumentNullException.ThrowIfNull(series);
        style ??= new PlotStyle();
        style.Validate();
        if (series.Count == 0) throw new ArgumentException("series is empty.", nameof(series));
        double xMin = double.MaxValue, xMax = double.MinValue, yMin = double.MaxValue, yMax = double.MinValue;
        foreach (var s in series)
        {
            Validate(s, logX);
            for (int i = 0; i < s.X.Count; i++)
            {
                double e = s.Error?[i] ?? 0;
                xMin = Math.Min(xMin, s.X[i]); xMax = Math.Max(xMax, s.X[i]);
                yMin = Math.Min(yMin, s.Y[i] - e); yMax = Math.Max(yMax, s.Y[i] + e);
            }
        }
        var names = series.Select(s => s.Name).ToList();
        var axes = new Axes(style, xMin, xMax, yMin, yMax, logX, Legend.Width(names) + 20);
        using (var c = new Canvas(style.Width, style.Height, Colors.White))
        {
            axes.DrawFrame(c);
            for (int k = 0; k < series.Count; k++) DrawSeries(c, axes, series[k], Palette.Color(k), errorDisplay);
            Legend.Draw(c, axes.Right + 10, axes.Top, names, Palette.Color, style.Height);
            c.SavePng(pngPath);
        }
        var csv = new CsvTable("series", "x", "y", "error");
        foreach (var s in series)
            for (int i = 0; i < s.X.Count; i++)
                csv.Row(s.Name, CsvTable.Num(s.X[i]), CsvTable.Num(s.Y[i]), s.Error is null ? "" : CsvTable.Num(s.Error[i]));
        csv.Save(PlotStyle.CsvPathFor(pngPath));
    }

    private static void Validate(LineSeries s, bool logX)
    {
        ArgumentNullException.ThrowIfNull(s);
        string name = $"series '{s.Name}'";
        if (s.X.Count == 0) throw new ArgumentException($"{name} has no points.");
        Check.Length(s.Y.Count, s.X.Count, $"{name} Y", "X");
        Check.Finite(s.X.ToArray(), $"{name} X");
        Check.Finite(s.Y.ToArray(), $"{name} Y");
        if (s.Error is not null)
        {
            Check.Length(s.Error.Count, s.X.Count, $"{name} Error", "X");
            Check.Finite(s.Error.ToArray(), $"{name} Error");
            for (int i = 0; i < s.Error.Count; i++)
                if (s.Error[i] < 0) throw new ArgumentException($"{name} Error[{i}] = {s.Error[i]} is negative.");
        }
        if (logX)
            for (int i = 0; i < s.X.Count; i++)
                if (s.X[i] <= 0) throw new ArgumentException($"{name} X[{i}] = {s.X[i]} is not positive; a log-x axis needs x > 0.");
    }

    private static void DrawSeries(Canvas c, Axes axes, LineSeries s, SixLabors.ImageSharp.PixelFormats.Rgba32 color, ErrorDisplay display)
    {
        var order = Enumerable.Range(0, s.X.Count).OrderBy(i => s.X[i]).ToArray();
        if (s.Error is not null && display == ErrorDisplay.Band)
        {
            for (int k = 0; k + 1 < order.Length; k++)
            {
                int a = order[k], b = order[k + 1];
                int x0 = axes.X(s.X[a]), x1 = axes.X(s.X[b]);
                for (int px = x0; px < x1 || (px == x1 && k + 2 == order.Length); px++)
                {
                    double t = x1 == x0 ? 0 : (px - x0) / (double)(x1 - x0);
                    double y = s.Y[a] + (s.Y[b] - s.Y[a]) * t, e = s.Error[a] + (s.Error[b] - s.Error[a]) * t;
                    c.BlendRect(px, axes.Y(y + e), px + 1, axes.Y(y - e) + 1, color, 0.25f);
                }
            }
        }
        for (int k = 0; k + 1 < order.Length; k++)
        {
            int a = order[k], b = order[k + 1];
            c.Line(axes.X(s.X[a]), axes.Y(s.Y[a]), axes.X(s.X[b]), axes.Y(s.Y[b]), color, 2);
        }
        foreach (int i in order)
        {
            int px = axes.X(s.X[i]), py = axes.Y(s.Y[i]);
            if (s.Error is not null && display == ErrorDisplay.Bars)
            {
                int lo = axes.Y(s.Y[i] - s.Error[i]), hi = axes.Y(s.Y[i] + s.Error[i]);
                c.Line(px, lo, px, hi, color, 1);
                c.Line(px - 3, lo, px + 3, lo, color, 1);
                c.Line(px - 3, hi, px + 3, hi, color, 1);
            }
            c.Disc(px, py, 3, color);
        }
    }
}
