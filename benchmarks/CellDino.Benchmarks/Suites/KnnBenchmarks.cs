using BenchmarkDotNet.Attributes;
using CellDino.Benchmarks.Infrastructure;
using CellDino.Eval.Embedding;
using CellDino.Eval.Knn;
using static TorchSharp.torch;

namespace CellDino.Benchmarks.Suites;

/// <summary>Weighted kNN classification (cosine similarity, softmax votes, k = 20) of random 384-d features, 10 classes.</summary>
[MemoryDiagnoser]
public class KnnBenchmarks : IWorkloadDescriber
{
    private const int Dim = 384, Classes = 10, K = 20;
    private KnnClassifier? _knn;
    private EmbeddingSet? _queries;

    /// <summary>Train rows.</summary>
    [Params(100_000)]
    public int Train { get; set; } = 100_000;

    /// <summary>Query rows per operation.</summary>
    [Params(10_000)]
    public int Queries { get; set; } = 10_000;

    [GlobalSetup]
    public void Setup()
    {
        var train = BenchData.Gaussian(Train, Dim, seed: 11);
        var labels = new int[Train];
        var rng = new Random(12);
        for (int i = 0; i < Train; i++) labels[i] = rng.Next(Classes);
        _knn = new KnnClassifier(train, labels, Classes, new KnnOptions(Device: CPU));
        _queries = BenchData.Gaussian(Queries, Dim, seed: 13);
    }

    [Benchmark]
    public int Predict() => _knn!.Predict(_queries!, K).Predictions.Length;

    [GlobalCleanup]
    public void Cleanup() => _knn?.Dispose();

    /// <summary>The similarity matmul: 2·Q·N·D FLOPs (top-k and votes not counted).</summary>
    public WorkPerOp Describe(string method) => new(Queries, 2.0 * Queries * Train * Dim);
}
