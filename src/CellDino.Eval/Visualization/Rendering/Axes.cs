using System.Globalization;
using SixLabors.ImageSharp.PixelFormats;

namespace CellDino.Eval.Visualization.Rendering;

/// <summary>
/// A rectangular plot area with data ranges, mapping data to pixels and drawing frame, grid, "nice" ticks
/// (1, 2, 5 x 10^k; decades on a log axis), tick labels, axis labels and title.
/// </summary>
internal sealed class Axes
{
    /// <summary>Scale of the title text.</summary>
    public const int TitleScale = 2;

    /// <summary>Creates axes for <paramref name="style"/>, reserving <paramref name="rightMargin"/> pixels on the right
    /// (for a legend or colour bar).</summary>
    public Axes(PlotStyle style, double xMin, double xMax, double yMin, double yMax, bool logX = false, int rightMargin = 20)
    {
        LogX = logX;
        if (logX && xMin <= 0) throw new ArgumentException($"Log-x axis needs positive x values, got minimum {xMin}.");
        (XMin, XMax) = Pad(logX ? Math.Log10(xMin) : xMin, logX ? Math.Log10(xMax) : xMax);
        (YMin, YMax) = Pad(yMin, yMax);
        Left = 70;
        Top = string.IsNullOrEmpty(style.Title) ? 15 : 15 + BitmapFont.MeasureHeight(TitleScale) + 10;
        Right = style.Width - Math.Max(rightMargin, 10);
        Bottom = style.Height - (string.IsNullOrEmpty(style.XLabel) ? 30 : 45);
        if (Right - Left < 20 || Bottom - Top < 20)
            throw new ArgumentException($"Plot {style.Width}x{style.Height} leaves no room for the data area; make it larger.");
        Style = style;
    }

    private static (double, double) Pad(double lo, double hi)
    {
        if (!double.IsFinite(lo) || !double.IsFinite(hi)) throw new ArgumentException("Axis range must be finite.");
        if (hi - lo < 1e-12 * Math.Max(1, Math.Abs(hi))) { lo -= 0.5; hi += 0.5; }
        double m = (hi - lo) * 0.04;
        return (lo - m, hi + m);
    }

    /// <summary>The style drawn.</summary>
    public PlotStyle Style { get; }

    /// <summary>Whether x is on a log10 scale.</summary>
    public bool LogX { get; }

    /// <summary>Lower x bound (log10 units when <see cref="LogX"/>).</summary>
    public double XMin { get; }

    /// <summary>Upper x bound (log10 units when <see cref="LogX"/>).</summary>
    public double XMax { get; }

    /// <summary>Lower y bound.</summary>
    public double YMin { get; }

    /// <summary>Upper y bound.</summary>
    public double YMax { get; }

    /// <summary>Left pixel column of the data area.</summary>
    public int Left { get; }

    /// <summary>Top pixel row of the data area.</summary>
    public int Top { get; }

    /// <summary>Right pixel column of the data area.</summary>
    public int Right { get; }

    /// <summary>Bottom pixel row of the data area.</summary>
    public int Bottom { get; }

    /// <summary>Pixel column of data x.</summary>
    public int X(double x)
    {
        double v = LogX ? Math.Log10(x) : x;
        return (int)Math.Round(Left + (v - XMin) / (XMax - XMin) * (Right - Left));
    }

    /// <summary>Pixel row of data y.</summary>
    public int Y(double y) => (int)Math.Round(Bottom - (y - YMin) / (YMax - YMin) * (Bottom - Top));

    /// <summary>Draws grid, frame, ticks, labels and title; call before the data so data stays on top of the grid.</summary>
    public void DrawFrame(Canvas c, bool drawXTicks = true)
    {
        if (drawXTicks)
        {
            foreach (var t in LogX ? DecadeTicks(XMin, XMax) : NiceTicks(XMin, XMax))
            {
                int px = (int)Math.Round(Left + (t - XMin) / (XMax - XMin) * (Right - Left));
                c.Line(px, Top, px, Bottom, Colors.Grid, 1);
                c.Line(px, Bottom, px, Bottom + 4, Colors.Ink, 1);
                c.TextCentered(px, Bottom + 7, Format(LogX ? Math.Pow(10, t) : t), Colors.Ink);
            }
        }
        foreach (var t in NiceTicks(YMin, YMax))
        {
            int py = Y(t);
            c.Line(Left, py, Right, py, Colors.Grid, 1);
            c.Line(Left - 4, py, Left, py, Colors.Ink, 1);
            c.TextRight(Left - 7, py - 3, Format(t), Colors.Ink);
        }
        c.StrokeRect(Left, Top, Right, Bottom, Colors.Ink);
        DrawLabels(c);
    }

    /// <summary>Draws title and axis labels only.</summary>
    public void DrawLabels(Canvas c)
    {
        if (!string.IsNullOrEmpty(Style.Title)) c.TextCentered((Left + Right) / 2, 12, Style.Title, Colors.Ink, TitleScale);
        if (!string.IsNullOrEmpty(Style.XLabel)) c.TextCentered((Left + Right) / 2, Style.Height - 16, Style.XLabel, Colors.Ink);
        if (!string.IsNullOrEmpty(Style.YLabel))
            c.TextVertical(6, (Top + Bottom) / 2 - BitmapFont.MeasureWidth(Style.YLabel, 1) / 2, Style.YLabel, Colors.Ink);
    }

    /// <summary>Ticks at 1, 2 or 5 x 10^k spacing giving about five ticks inside [lo, hi].</summary>
    public static List<double> NiceTicks(double lo, double hi)
    {
        double raw = (hi - lo) / 5, mag = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        double step = raw / mag < 1.5 ? mag : raw / mag < 3.5 ? 2 * mag : raw / mag < 7.5 ? 5 * mag : 10 * mag;
        var ticks = new List<double>();
        for (double t = Math.Ceiling(lo / step) * step; t <= hi + step * 1e-9; t += step)
            ticks.Add(Math.Abs(t) < step * 1e-9 ? 0 : t);
        return ticks;
    }

    private static List<double> DecadeTicks(double lo, double hi)
    {
        var ticks = new List<double>();
        for (double t = Math.Ceiling(lo); t <= Math.Floor(hi); t++) ticks.Add(t);
        // Narrow log ranges without a decade inside fall back to linear ticks in log units.
        return ticks.Count >= 2 ? ticks : NiceTicks(lo, hi);
    }

    /// <summary>Short tick label.</summary>
    public static string Format(double v) => v.ToString("G4", CultureInfo.InvariantCulture);
}
