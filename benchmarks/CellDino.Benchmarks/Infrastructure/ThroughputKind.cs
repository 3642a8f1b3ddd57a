namespace CellDino.Benchmarks.Infrastructure;

/// <summary>Which derived figure a <see cref="ThroughputColumn"/> shows.</summary>
public enum ThroughputKind
{
    /// <summary>Items (images, queries, scores) per second.</summary>
    ItemsPerSecond,

    /// <summary>Achieved GFLOP/s by the counted FLOPs.</summary>
    Gflops,

    /// <summary>Achieved FLOP/s as a percentage of the in-process matmul ceiling.</summary>
    PercentOfCeiling,
}
