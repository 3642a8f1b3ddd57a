using System.Globalization;

namespace CellDino.Benchmarks.Infrastructure;

/// <summary>Resident-set figures from Linux's <c>/proc/PID/status</c> (libtorch's native allocations included, unlike GC counters).</summary>
public static class ProcessMemory
{
    /// <summary>Current resident set (VmRSS) in bytes, or null where /proc is unavailable.</summary>
    public static long? WorkingSet(int pid) => ReadKb(pid, "VmRSS:");

    /// <summary>Peak resident set since start or the last <see cref="ResetPeak"/> (VmHWM) in bytes, or null.</summary>
    public static long? PeakWorkingSet(int pid) => ReadKb(pid, "VmHWM:");

    /// <summary>Resets VmHWM to the current resident set (writes 5 to clear_refs, Linux ≥ 4.0); false when not permitted.</summary>
    public static bool ResetPeak(int pid)
    {
        try
        {
            File.WriteAllText($"/proc/{pid}/clear_refs", "5");
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Bytes as mebibytes with one decimal.</summary>
    public static string Mib(long? bytes) => bytes is { } b ? (b / 1048576.0).ToString("F1", CultureInfo.InvariantCulture) + " MiB" : "n/a";

    private static long? ReadKb(int pid, string key)
    {
        string path = $"/proc/{pid}/status";
        if (!File.Exists(path)) return null;
        foreach (var line in File.ReadLines(path))
        {
            if (!line.StartsWith(key, StringComparison.Ordinal)) continue;
            var parts = line[key.Length..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return long.Parse(parts[0], CultureInfo.InvariantCulture) * 1024;
        }
        return null;
    }
}
