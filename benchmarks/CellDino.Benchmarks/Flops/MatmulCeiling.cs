using System.Diagnostics;
using CellDino.Core;
using TorchSharp;
using static TorchSharp.torch;

namespace CellDino.Benchmarks.Flops;

/// <summary>
/// The machine's practical FLOP/s ceiling: a large matmul through the same libtorch (same BLAS or cuBLAS, same thread
/// count) as the benchmarks, measured in the benchmark process itself.
/// </summary>
public static class MatmulCeiling
{
    private static readonly Lazy<double> Ceiling = new(() => Measure(2048, 5));

    /// <summary>GFLOP/s of <c>[n,n]·[n,n]</c> float32 on the CPU, best of <paramref name="repeats"/> after two warm-ups.</summary>
    public static double Measure(int n = 2048, int repeats = 5) => Measure(n, repeats, CPU, ScalarType.Float32, warmups: 2);

    /// <summary>
    /// GFLOP/s of <c>[n,n]·[n,n]</c> in <paramref name="dtype"/> on <paramref name="device"/>, best of
    /// <paramref name="repeats"/> after <paramref name="warmups"/> warm-ups. Inputs are random (zeros run faster than
    /// real data on some GPUs); each timing waits for the device.
    /// </summary>
    public static double Measure(int n, int repeats, Device device, ScalarType dtype, int warmups = 3)
    {
        TorchRuntime.EnsureLoaded();
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var a = randn(n, n, dtype: dtype, device: device);
        var b = randn(n, n, dtype: dtype, device: device);
        for (int i = 0; i < warmups; i++) a.mm(b).Dispose();
        Synchronize(device);
        double best = double.MaxValue;
        for (int i = 0; i < repeats; i++)
        {
            var sw = Stopwatch.StartNew();
            using var c = a.mm(b);
            Synchronize(device);
            best = Math.Min(best, sw.Elapsed.TotalSeconds);
        }
        return 2.0 * n * n * (double)n / best / 1e9;
    }

    /// <summary>Waits for the work queued on <paramref name="device"/> (a no-op on the CPU, where ops are synchronous).</summary>
    public static void Synchronize(Device device)
    {
        if (device.type == DeviceType.CUDA) torch.cuda.synchronize(device);
    }

    /// <summary>The ceiling measured once per process (2048², best of 5), used by the "% ceiling" column.</summary>
    public static double ProcessCeilingGflops => Ceiling.Value;
}
