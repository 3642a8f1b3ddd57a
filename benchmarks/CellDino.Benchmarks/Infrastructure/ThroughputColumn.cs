using System.Globalization;
using System.Reflection;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using CellDino.Benchmarks.Flops;

namespace CellDino.Benchmarks.Infrastructure;

/// <summary>
/// Derives throughput from the mean time per operation and the <see cref="WorkPerOp"/> the benchmark class
/// describes for its [Params] values (set by reflection on a fresh instance; no setup runs).
/// </summary>
public sealed class ThroughputColumn(ThroughputKind kind) : IColumn
{
    /// <inheritdoc />
    public string Id => "Throughput." + kind;

    /// <inheritdoc />
    public string ColumnName => kind switch
    {
        ThroughputKind.ItemsPerSecond => "Items/s",
        ThroughputKind.Gflops => "GFLOP/s",
        _ => "% ceiling",
    };

    /// <inheritdoc />
    public bool AlwaysShow => true;

    /// <inheritdoc />
    public ColumnCategory Category => ColumnCategory.Custom;

    /// <inheritdoc />
    public int PriorityInCategory => (int)kind;

    /// <inheritdoc />
    public bool IsNumeric => true;

    /// <inheritdoc />
    public UnitType UnitType => UnitType.Dimensionless;

    /// <inheritdoc />
    public string Legend => kind switch
    {
        ThroughputKind.ItemsPerSecond => "Images (training, data, embedding), queries (kNN) or scores (metrics) per second, from the mean",
        ThroughputKind.Gflops => "Counted FLOPs per operation / mean time (docs/benchmarks.md formulas)",
        _ => "GFLOP/s as a percentage of the in-process 2048² float32 matmul rate",
    };

    /// <inheritdoc />
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    /// <inheritdoc />
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        double? meanNs = summary[benchmarkCase]?.ResultStatistics?.Mean;
        var work = Describe(benchmarkCase);
        if (meanNs is not > 0 || work is null) return "-";
        double seconds = meanNs.Value * 1e-9;
        switch (kind)
        {
            case ThroughputKind.ItemsPerSecond:
                return (work.Value.Items / seconds).ToString("G4", CultureInfo.InvariantCulture);
            case ThroughputKind.Gflops:
                return work.Value.Flops > 0 ? (work.Value.Flops / seconds / 1e9).ToString("F1", CultureInfo.InvariantCulture) : "-";
            default:
                if (work.Value.Flops <= 0) return "-";
                double ceiling = MatmulCeiling.ProcessCeilingGflops;
                return (100 * work.Value.Flops / seconds / 1e9 / ceiling).ToString("F1", CultureInfo.InvariantCulture) + "%";
        }
    }

    /// <inheritdoc />
    public bool IsAvailable(Summary summary) => true;

    /// <inheritdoc />
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    /// <summary>The work of one operation of <paramref name="benchmarkCase"/>, or null when its class does not describe it.</summary>
    public static WorkPerOp? Describe(BenchmarkCase benchmarkCase)
    {
        var type = benchmarkCase.Descriptor.Type;
        if (!typeof(IWorkloadDescriber).IsAssignableFrom(type)) return null;
        var instance = (IWorkloadDescriber)Activator.CreateInstance(type)!;
        foreach (var p in benchmarkCase.Parameters.Items)
        {
            const BindingFlags flags = BindingFlags.Public | BindingFlags.Instance;
            if (type.GetProperty(p.Name, flags) is { CanWrite: true } prop) prop.SetValue(instance, p.Value);
            else type.GetField(p.Name, flags)?.SetValue(instance, p.Value);
        }
        return instance.Describe(benchmarkCase.Descriptor.WorkloadMethod.Name);
    }
}
