namespace CellDino.Benchmarks.Infrastructure;

/// <summary>
/// Implemented by benchmark classes so that the throughput columns can turn a mean time into items/s and GFLOP/s.
/// <see cref="Describe"/> must depend only on the [Params] members (the column sets them on a fresh instance, no setup runs).
/// </summary>
public interface IWorkloadDescriber
{
    /// <summary>Work per operation of benchmark method <paramref name="method"/>.</summary>
    WorkPerOp Describe(string method);
}
