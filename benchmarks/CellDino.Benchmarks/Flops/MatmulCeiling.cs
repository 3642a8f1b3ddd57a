using System.Diagnostics;
using CellDino.Core;
using static TorchSharp.torch;

namespace CellDino.Benchmarks.Flops;

/// <summary>
/// The machine's practical FLOP/s ceiling: a large float32 matmul through the same libtorch (same BLAS, same thread
/// count) as the benchmarks, measured in the benchmark process itself.
/// </summary>
public static class MatmulCeiling
{
    private static readonly Lazy<double> Ceiling = new(() => Measure(2048, 5));

    /// <summary>GFLOP/s of <c>[n,n]·[n,n]</c> float32 on the CPU, best of <paramref name="repeats"/> after two warm-ups.</summary>
    public static double Measure(int n = 2048, int repeats = 5)
    {
        TorchRuntime.EnsureLoaded();
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var a = randn(n, n);
        var b = randn(n, n);
        for (int i = 0; i < 2; i++) a.mm(b).Dispose();
        double best = double.MaxValue;
        for (int i = 0; i < repeats; i++)
        {
            var sw = Stopwatch.StartNew();
            using var c = a.mm(b);
            best = Math.Min(best, sw.Elapsed.TotalSeconds);
        }
        return 2.0 * n * n * (double)n / best / 1e9;
    }

    /// <summary>The ceiling measured once per process (2048², best of 5), used by the "% ceiling" column.</summary>
    public static double ProcessCeilingGflops => Ceiling.Value;
}
