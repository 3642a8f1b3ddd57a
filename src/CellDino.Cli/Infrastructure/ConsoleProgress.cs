using System.Diagnostics;

namespace CellDino.Cli.Infrastructure;

/// <summary>A one-line progress bar with rate and ETA on standard error (plain lines when it is redirected).</summary>
internal sealed class ConsoleProgress
{
    private readonly TextWriter _err;
    private readonly string _label;
    private readonly string _unit;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly bool _interactive = !Console.IsErrorRedirected;
    private long _lastDraw = -1;
    private long? _baseline;

    public ConsoleProgress(TextWriter err, string label, string unit)
    {
        _err = err;
        _label = label;
        _unit = unit;
    }

    /// <summary>Prints <paramref name="message"/> on a line of its own (never glued to the bar), then lets the bar redraw.</summary>
    public void Message(string message)
    {
        if (_interactive) _err.Write("\r" + new string(' ', Math.Min(Console.BufferWidth > 0 ? Console.BufferWidth - 1 : 120, 160)) + "\r");
        _err.WriteLine(message);
        _lastDraw = -1;
    }

    /// <summary>Draws <paramref name="done"/> of <paramref name="total"/>, at most ~4 times a second (and always at the end).</summary>
    public void Report(long done, long total, string? extra = null)
    {
        long now = _clock.ElapsedMilliseconds;
        bool last = done >= total;
        if (!last && _lastDraw >= 0 && now - _lastDraw < (_interactive ? 250 : 5000)) return;
        _lastDraw = now;
        // The rate counts only the units done since this bar started (a resumed run starts at its checkpoint), and is
        // shown once a second has passed, so the first unit does not print a meaningless huge rate.
        _baseline ??= Math.Max(0, done - 1);
        double seconds = _clock.Elapsed.TotalSeconds;
        double rate = seconds >= 1 ? (done - _baseline.Value) / seconds : double.NaN;
        var eta = rate > 0 ? TimeSpan.FromSeconds((total - done) / rate) : (TimeSpan?)null;
        double fraction = total > 0 ? Math.Clamp(done / (double)total, 0, 1) : 1;
        int width = 24, filled = (int)Math.Round(fraction * width);
        string bar = new string('#', filled) + new string('-', width - filled);
        string speed = double.IsNaN(rate) ? $"-- {_unit}/s ETA --:--:--" : $"{rate:F1} {_unit}/s ETA {(eta is { } e ? $"{(long)e.TotalHours:00}:{e:mm\\:ss}" : "--:--:--")}";
        string line = $"{_label} [{bar}] {done}/{total} {speed}{(extra is null ? "" : " " + extra)}";
        if (_interactive) _err.Write("\r" + line.PadRight(Math.Min(Console.BufferWidth > 0 ? Console.BufferWidth - 1 : 120, 160)));
        else _err.WriteLine(line);
        if (last && _interactive) _err.WriteLine();
    }
}
