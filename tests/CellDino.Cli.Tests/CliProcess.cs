using System.Diagnostics;
using System.Globalization;

namespace CellDino.Cli.Tests;

/// <summary>
/// The <c>celldino</c> apphost run as a child process, for what only a real process shows: signals (SIGTERM, kill -9),
/// two processes racing on one folder, and peak memory. Standard output and error are drained as they come (a full
/// pipe would block the child), and the peak resident set (VmHWM) is sampled while the child runs.
/// </summary>
internal sealed class CliProcess : IDisposable
{
    private readonly Process _process;
    private readonly Task<string> _stdout;
    private readonly Task<string> _stderr;
    private readonly Thread _sampler;
    private long _peakRss;

    private CliProcess(IReadOnlyList<string> args, IReadOnlyDictionary<string, string>? environment, string? exe)
    {
        var psi = new ProcessStartInfo(exe ?? Exe) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        foreach (var (k, v) in environment ?? new Dictionary<string, string>()) psi.Environment[k] = v;
        _process = Process.Start(psi)!;
        _stdout = _process.StandardOutput.ReadToEndAsync();
        _stderr = _process.StandardError.ReadToEndAsync();
        _sampler = new Thread(Sample) { IsBackground = true };
        _sampler.Start();
    }

    /// <summary>The apphost the test project's build copies beside the tests.</summary>
    public static string Exe => Path.Combine(AppContext.BaseDirectory, "celldino");

    /// <summary>Starts <c>celldino</c> with <paramref name="args"/>.</summary>
    public static CliProcess Start(params string[] args) => new(args, null, null);

    /// <summary>Starts <paramref name="exe"/> (a copy of the tool) with extra environment variables.</summary>
    public static CliProcess Start(string exe, IReadOnlyDictionary<string, string> environment, params string[] args) => new(args, environment, exe);

    /// <summary>Runs <c>celldino</c> to the end (at most 3 minutes).</summary>
    public static (int Code, string Out, string Err) Run(params string[] args)
    {
        using var p = Start(args);
        return p.WaitForExit();
    }

    /// <summary>The child's process id.</summary>
    public int Id => _process.Id;

    /// <summary>True once the child has exited.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>The highest resident set size seen while the child ran (bytes).</summary>
    public long PeakRssBytes => Interlocked.Read(ref _peakRss);

    /// <summary>Sends <c>kill -<paramref name="signal"/></c> (TERM, KILL).</summary>
    public void Signal(string signal)
    {
        using var kill = Process.Start("kill", [$"-{signal}", Id.ToString(CultureInfo.InvariantCulture)])!;
        kill.WaitForExit();
    }

    /// <summary>Waits for the child (killing it and failing the test after <paramref name="timeout"/>, default 3 minutes).</summary>
    public (int Code, string Out, string Err) WaitForExit(TimeSpan? timeout = null)
    {
        if (!_process.WaitForExit(timeout ?? TimeSpan.FromMinutes(3)))
        {
            _process.Kill(entireProcessTree: true);
            Assert.Fail($"celldino did not exit within {timeout ?? TimeSpan.FromMinutes(3)}");
        }
        _process.WaitForExit(); // the output pipes drained too
        _sampler.Join();
        return (_process.ExitCode, _stdout.Result, _stderr.Result);
    }

    /// <summary>Polls until <paramref name="condition"/> holds, failing the test if the child exits or 2 minutes pass first.</summary>
    public void WaitUntil(Func<bool> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (_process.HasExited) Assert.Fail($"celldino exited ({_process.ExitCode}) before {what}: {_stderr.Result}");
            if (clock.Elapsed > TimeSpan.FromMinutes(2)) Assert.Fail($"timed out waiting for {what}");
            Thread.Sleep(20);
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.Dispose();
    }

    // VmHWM is the kernel's own high-water mark, so a 5 ms poll misses at most what was allocated and freed in the
    // last 5 ms before exit.
    private void Sample()
    {
        var status = $"/proc/{_process.Id}/status";
        while (!_process.HasExited)
        {
            try
            {
                foreach (var line in File.ReadLines(status))
                {
                    if (!line.StartsWith("VmHWM:", StringComparison.Ordinal)) continue;
                    long kb = long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                    if (kb * 1024 > Interlocked.Read(ref _peakRss)) Interlocked.Exchange(ref _peakRss, kb * 1024);
                }
            }
            catch (IOException) { return; } // exited between the check and the read
            catch (UnauthorizedAccessException) { return; }
            Thread.Sleep(5);
        }
    }
}
