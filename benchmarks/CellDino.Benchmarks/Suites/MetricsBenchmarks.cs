using BenchmarkDotNet.Attributes;
using CellDino.Benchmarks.Infrastructure;
using CellDino.Eval.Metrics;

namespace CellDino.Benchmarks.Suites;

/// <summary>Evaluation metrics on 1M scores: binary average precision, and macro F1 over 1M predictions of 10 classes.</summary>
[MemoryDiagnoser]
public class MetricsBenchmarks : IWorkloadDescriber
{
    private const int Classes = 10;
    private int[] _binary = [];
    private double[] _scores = [];
    private int[] _truth = [];
    private int[] _predicted = [];

    /// <summary>Scores (and predictions) per operation.</summary>
    [Params(1_000_000)]
    public int Count { get; set; } = 1_000_000;

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(21);
        _binary = new int[Count];
        _scores = new double[Count];
        _truth = new int[Count];
        _predicted = new int[Count];
        for (int i = 0; i < Count; i++)
        {
            _binary[i] = rng.NextDouble() < 0.1 ? 1 : 0;
            _scores[i] = rng.NextDouble() + 0.5 * _binary[i];
            _truth[i] = rng.Next(Classes);
            _predicted[i] = rng.NextDouble() < 0.7 ? _truth[i] : rng.Next(Classes);
        }
    }

    [Benchmark]
    public double AveragePrecisionBinary() => AveragePrecision.Binary(_binary, _scores);

    [Benchmark]
    public double F1Macro() => ClassificationMetrics.F1(_truth, _predicted, MetricAverage.Macro);

    /// <inheritdoc />
    public WorkPerOp Describe(string method) => new(Count);
}
