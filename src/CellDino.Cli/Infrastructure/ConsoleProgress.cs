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
        double seconds = Math.Max(_clock.Elapsed.TotalSeconds, 1e-6);
        double rate = done / seconds;
        var eta = rate > 0 ? TimeSpan.FromSeconds((total - done) / rate) : TimeSpan.Zero;
        double fraction = total > 0 ? Math.Clamp(done / (double)total, 0, 1) : 1;
        int width = 24, filled = (int)Math.Round(fraction * width);
        string bar = new string('#', filled) + new string('-', width - filled);
        string line = $"{_label} [{bar}] {done}/{total} {rate:F1} {_unit}/s ETA {(long)eta.TotalHours:00}:{eta:mm\\:ss}{(extra is null ? "" : " " + extra)}";
        if (_interactive) _err.Write("\r" + line.PadRight(Math.Min(Console.BufferWidth > 0 ? Console.BufferWidth - 1 : 120, 160)));
        else _err.WriteLine(line);
        if (last && _interactive) _err.WriteLine();
    }
}
