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

    public KnnSearch(float[,] trainFeatures, KnnOptions options)
    {
        if (options.Temperature <= 0 || !double.IsFinite(options.Temperature))
            throw new ArgumentOutOfRangeException(nameof(options), options.Temperature, "Temperature must be a positive finite number.");
        if (options.QueryChunkSize < 1)
            throw new ArgumentOutOfRangeException(nameof(options), options.QueryChunkSize, "QueryChunkSize must be at least 1.");
        TrainCount = trainFeatures.GetLength(0);
        Dim = trainFeatures.GetLength(1);
        if (TrainCount == 0 || Dim == 0) throw new ArgumentException($"trainFeatures is [{TrainCount}, {Dim}]: at least one row and one feature are required.", nameof(trainFeatures));
        _options = options;
        using var scope = NewDisposeScope();
        var t = Normalize(ToTensor(trainFeatures, "trainFeatures"));
        _train = t.to(options.Device ?? CPU).DetachFromDisposeScope();
    }

    public int TrainCount { get; }

    public int Dim { get; }

    /// <summary>Top-k neighbours and their vote weights (softmax over these k, or exp).</summary>
    public (int[,] Indices, float[,] Sims, float[,] Weights) Search(float[,] queries, int k)
    {
        int nq = queries.GetLength(0);
        if (queries.GetLength(1) != Dim)
            throw new ArgumentException($"queries have {queries.GetLength(1)} features but the train features have {Dim}.", nameof(queries));
        if (k < 1 || k > TrainCount)
            throw new ArgumentOutOfRangeException(nameof(k), k, $"k must be in 1..{TrainCount} (the number of train rows).");
        var idx = new int[nq, k];
        var sims = new float[nq, k];
        var w = new float[nq, k];
        if (nq == 0) return (idx, sims, w);
        using var scope = NewDisposeScope();
        var q = Normalize(ToTensor(queries, "queries"));
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

    private static Tensor ToTensor(float[,] a, string name)
    {
        int r = a.GetLength(0), c = a.GetLength(1);
        var flat = new float[r * c];
        Buffer.BlockCopy(a, 0, flat, 0, flat.Length * sizeof(float));
        for (int i = 0; i < flat.Length; i++)
            if (!float.IsFinite(flat[i])) throw new ArgumentException($"{name}[{i / c}, {i % c}] is {flat[i]}: features must be finite.", name);
        return tensor(flat, [r, c]);
    }

    // Same as torch.nn.functional.normalize(p=2, dim=1, eps=1e-12): a zero row stays zero.
    private static Tensor Normalize(Tensor x) => x / x.norm(1, keepdim: true).clamp_min(1e-12);
}
