using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace CellDino.Benchmarks.Infrastructure;

/// <summary>The benchmark configuration: throughput and ceiling columns, peak working set, and an optional quick job.</summary>
public static class BenchmarkConfig
{
    /// <summary>
    /// A very short in-process job for the slow CPU cases: 1 warm-up, 3 measured iterations of one invocation each,
    /// no pilot or overhead stage (Monitoring strategy). Selected by <c>--quick</c>.
    /// </summary>
    public static Job Quick { get; } = Job.Default
        .WithStrategy(RunStrategy.Monitoring)
        .WithLaunchCount(1)
        .WithWarmupCount(1)
        .WithIterationCount(3)
        .WithInvocationCount(1)
        .WithUnrollFactor(1)
        .WithToolchain(InProcessEmitToolchain.Instance)
        .WithId("Quick");

    /// <summary>Builds the config; <paramref name="quick"/> adds <see cref="Quick"/>.</summary>
    public static IConfig Create(bool quick)
    {
        var config = ManualConfig.Create(DefaultConfig.Instance)
            .AddColumn(new ThroughputColumn(ThroughputKind.ItemsPerSecond), new ThroughputColumn(ThroughputKind.Gflops), new ThroughputColumn(ThroughputKind.PercentOfCeiling))
            .AddDiagnoser(PeakMemoryDiagnoser.Instance)
            .WithArtifactsPath(Path.Combine(AppContext.BaseDirectory, "BenchmarkDotNet.Artifacts"));
        if (quick) config = config.AddJob(Quick);
        return config;
    }
}
