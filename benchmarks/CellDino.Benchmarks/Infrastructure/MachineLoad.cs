using System.Globalization;

namespace CellDino.Benchmarks.Infrastructure;

/// <summary>The machine's load average, printed beside every figure: on a shared machine only ratios measured at similar load compare.</summary>
public static class MachineLoad
{
    /// <summary>The 1-minute load average (Linux <c>/proc/loadavg</c>), or NaN where it cannot be read.</summary>
    public static double OneMinute()
    {
        try
        {
            var first = File.ReadAllText("/proc/loadavg").Split(' ')[0];
            return double.Parse(first, CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return double.NaN;
        }
    }
}
