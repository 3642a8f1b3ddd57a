using BenchmarkDotNet.Attributes;
using CellDino.Benchmarks.Infrastructure;
using CellDino.Core;
using static TorchSharp.torch;

namespace CellDino.Benchmarks.Suites;

/// <summary>The reference: a 2048² float32 matmul, the rate the "% ceiling" column divides by.</summary>
public class CeilingBenchmarks : IWorkloadDescriber
{
    private const int N = 2048;
    private Tensor? _a, _b;

    [GlobalSetup]
    public void Setup()
    {
        TorchRuntime.EnsureLoaded();
        _a = randn(N, N);
        _b = randn(N, N);
    }

    [Benchmark]
    public long Matmul2048()
    {
        using var c = _a!.mm(_b!);
        return c.shape[0];
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _a?.Dispose();
        _b?.Dispose();
    }

    /// <inheritdoc />
    public WorkPerOp Describe(string method) => new(1, 2.0 * N * N * N);
}
