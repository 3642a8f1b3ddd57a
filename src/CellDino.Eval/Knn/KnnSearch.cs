using CellDino.Eval.Embedding;
using TorchSharp;
using static TorchSharp.torch;

namespace CellDino.Eval.Knn;

/// <summary>
/// Cosine top-k search over L2-normalized train features: queries are processed in chunks, each chunk's similarity
/// block [chunk, train] comes from one matmul and is reduced with <c>topk</c> (no full sort, no full similarity matrix).
/// </summary>
internal sealed class KnnSearch : IDisposable
{
    private readonly Tensor _train;
    private readonly KnnOptions _options;

    public KnnSearch(EmbeddingSet train, KnnOptions options)
    {
        ArgumentNullException.ThrowIfNull(train);
        if (options.Temperature <= 0 || !double.IsFinite(options.Temperature))
            throw new ArgumentOutOfRangeException(nameof(options), options.Temperature, "Temperature must be a positive finite number.");
        if (options.QueryChunkSize < 1)
            throw new ArgumentOutOfRangeException(nameof(options), options.QueryChunkSize, "QueryChunkSize must be at least 1.");
        TrainCount = train.Count;
        Dim = train.Dim;
        if (TrainCount == 0) throw new ArgumentException("The train set is empty: at least one row is required.", nameof(train));
        _options = options;
        using var scope = NewDisposeScope();
        var t = Normalize(ToTensor(train, nameof(train)));
        _train = t.to(options.Device ?? CPU).DetachFromDisposeScope();
    }

    public int TrainCount { get; }

    public int Dim { get; }

    /// <summary>Top-k neighbours and their vote weights (softmax over these k, or exp).</summary>
    public (int[,] Indices, float[,] Sims, float[,] Weights) Search(EmbeddingSet queries, int k)
    {
        ArgumentNullException.ThrowIfNull(queries);
        int nq = queries.Count;
        if (queries.Dim != Dim)
            throw new ArgumentException($"queries have {queries.Dim} features but the train features have {Dim}.", nameof(queries));
        if (k < 1 || k > TrainCount)
            throw new ArgumentOutOfRangeException(nameof(k), k, $"k must be in 1..{TrainCount} (the number of train rows).");
        var idx = new int[nq, k];
        var sims = new float[nq, k];
        var w = new float[nq, k];
        if (nq == 0) return (idx, sims, w);
        using var scope = NewDisposeScope();
        var q = Normalize(ToTensor(queries, nameof(queries)));
        var trainT = _train.t();
        for (int start = 0; start < nq; start += _options.QueryChunkSize)
        {
            using var chunkScope = NewDisposeScope();
            int len = Math.Min(_options.QueryChunkSize, nq - start);
            var chunk = q.narrow(0, start, len).to(_train.device);
            var s = chunk.matmul(trainT);
            var (vals, ids) = s.topk(k, dim: 1, largest: true, sorted: true);
            var scaled = vals / _options.Temperature;
            var weights = _options.Weighting == KnnWeighting.Softmax ? scaled.softmax(1) : scaled.exp();
            var vArr = vals.cpu().data<float>().ToArray();
            var iArr = ids.cpu().data<long>().ToArray();
            var wArr = weights.cpu().data<float>().ToArray();
            for (int r = 0; r < len; r++)
                for (int j = 0; j < k; j++)
                {
                    idx[start + r, j] = (int)iArr[r * k + j];
                    sims[start + r, j] = vArr[r * k + j];
                    w[start + r, j] = wArr[r * k + j];
                }
        }
        return (idx, sims, w);
    }

    public void Dispose() => _train.Dispose();

    // Straight from the row-major array: one copy into the tensor, no [n, d] managed matrix on the way.
    private static Tensor ToTensor(EmbeddingSet set, string name)
    {
        set.ThrowIfNotFinite(name);
        return tensor(set.Features, [set.Count, set.Dim]);
    }

    // Same as torch.nn.functional.normalize(p=2, dim=1, eps=1e-12): a zero row stays zero.
    private static Tensor Normalize(Tensor x) => x / x.norm(1, keepdim: true).clamp_min(1e-12);
}
