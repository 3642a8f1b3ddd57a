using System.Diagnostics;
using System.Globalization;

namespace CellDino.Cli.Infrastructure;

/// <summary>A one-line progress bar with rate and ETA on standard error (plain lines when it is redirected).</summary>
internal sealed class ConsoleProgress
{
    private readonly TextWriter _err;
    private readonly string _label;
    private readonly string _unit;
    private readonly long _start;
    private readonly Func<TimeSpan> _elapsed;
    private readonly bool _interactive;
    private readonly int _width;
    private long _lastDraw = -1;

    /// <param name="err">Where the bar is drawn.</param>
    /// <param name="label">Name of the step, e.g. <c>embed</c>.</param>
    /// <param name="unit">Unit of the counts, e.g. <c>img</c>.</param>
    /// <param name="start">
    /// Units already done when the bar starts (0, or the iteration a resumed run continues from): the rate counts only
    /// the units done since, over the time since, however many units each report adds (one step, or a batch of images).
    /// </param>
    /// <param name="elapsed">Time since the bar started (tests pass a fake clock); default a stopwatch started now.</param>
    /// <param name="interactive">Redraw one line in place; default: standard error is a terminal.</param>
    public ConsoleProgress(TextWriter err, string label, string unit, long start = 0, Func<TimeSpan>? elapsed = null, bool? interactive = null)
    {
        _err = err;
        _label = label;
        _unit = unit;
        _start = start;
        if (elapsed is null)
        {
            var clock = Stopwatch.StartNew();
            elapsed = () => clock.Elapsed;
        }
        _elapsed = elapsed;
        _interactive = interactive ?? !Console.IsErrorRedirected;
        _width = _interactive ? LineWidth() : 0;
    }

    /// <summary>Prints <paramref name="message"/> on a line of its own (never glued to the bar), then lets the bar redraw.</summary>
    public void Message(string message)
    {
        if (_interactive) _err.Write("\r" + new string(' ', _width) + "\r");
        _err.WriteLine(message);
        _lastDraw = -1;
    }

    /// <summary>Draws <paramref name="done"/> of <paramref name="total"/>, at most ~4 times a second (and always at the end).</summary>
    public void Report(long done, long total, string? extra = null)
    {
        var elapsed = _elapsed();
        long now = (long)elapsed.TotalMilliseconds;
        bool last = done >= total;
        if (!last && _lastDraw >= 0 && now - _lastDraw < (_interactive ? 250 : 5000)) return;
        _lastDraw = now;
        // Shown once a second has passed, so that the first units do not print a meaningless huge rate.
        double seconds = elapsed.TotalSeconds;
        double rate = seconds >= 1 ? (done - _start) / seconds : double.NaN;
        double fraction = total > 0 ? Math.Clamp(done / (double)total, 0, 1) : 1;
        int barWidth = 24, filled = (int)Math.Round(fraction * barWidth);
        string bar = new string('#', filled) + new string('-', barWidth - filled);
        string speed = rate > 0
            ? string.Create(CultureInfo.InvariantCulture, $"{Rate(rate)} {_unit}/s ETA {Eta(TimeSpan.FromSeconds(Math.Max(0, total - done) / rate))}")
            : $"-- {_unit}/s ETA --:--:--";
        string line = $"{_label} [{bar}] {done}/{total} {speed}{(extra is null ? "" : " " + extra)}";
        if (_interactive) _err.Write("\r" + line.PadRight(_width));
        else _err.WriteLine(line);
        if (last && _interactive) _err.WriteLine();
    }

    /// <summary>Hours:minutes:seconds, the hours not wrapping at a day (30 h is <c>30:00:00</c>).</summary>
    internal static string Eta(TimeSpan eta) =>
        eta.TotalHours >= 10_000 ? ">9999 h" : string.Create(CultureInfo.InvariantCulture, $"{(long)eta.TotalHours:00}:{eta.Minutes:00}:{eta.Seconds:00}");

    // Slow steps (a training iteration every few seconds) keep two significant digits instead of printing 0.0.
    private static string Rate(double rate) => rate.ToString(rate >= 10 ? "F0" : rate >= 0.1 ? "F1" : "G2", CultureInfo.InvariantCulture);

    private static int LineWidth()
    {
        try
        {
            return Console.BufferWidth > 0 ? Math.Min(Console.BufferWidth - 1, 160) : 120;
        }
        catch (IOException)
        {
            return 120;
        }
    }
}
