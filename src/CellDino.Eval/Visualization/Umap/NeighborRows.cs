using System.Numerics.Tensors;

namespace CellDino.Eval.Visualization;

/// <summary>
/// The distances that define UMAP's exact kNN graph and the selection of a row's k nearest. Distances are taken as
/// direct SIMD differences (‖x − y‖, and ‖x̂ − ŷ‖²/2 = 1 − cos for cosine), never as |x|² + |y|² − 2 x·y, which in float32
/// cancels catastrophically for data far from the origin (blobs shifted by 1000× their spread kept a third of their 10-NN
/// graph). Every candidate set, whether all rows (brute force) or a GEMM pre-selection, is ranked by these same values,
/// ties broken by lower index, the point itself first at distance 0: so the two searches give bit-identical graphs.
/// </summary>
internal sealed class NeighborRows
{
    private readonly float[] _data;
    private readonly bool[] _zero;

    /// <param name="features">Row-major [N, <paramref name="dim"/>] points (read, not changed).</param>
    /// <param name="dim">Point width.</param>
    /// <param name="metric">Euclidean or cosine distance.</param>
    public NeighborRows(float[] features, int dim, UmapMetric metric)
    {
        Dim = dim;
        Metric = metric;
        Count = features.Length / dim;
        _data = features;
        if (metric == UmapMetric.Cosine)
        {
            _data = (float[])features.Clone();
            for (int i = 0; i < Count; i++)
            {
                var row = _data.AsSpan(i * dim, dim);
                float norm = TensorPrimitives.Norm<float>(row);
                if (norm > 0) TensorPrimitives.Divide(row, norm, row);
            }
        }
        _zero = new bool[Count];
        for (int i = 0; i < Count; i++)
        {
            _zero[i] = TensorPrimitives.Norm<float>(Row(i)) == 0;
            HasZeroRows |= _zero[i];
        }
    }

    public int Count { get; }

    public int Dim { get; }

    public UmapMetric Metric { get; }

    /// <summary>The points distances are taken on: the input, or its unit rows for cosine.</summary>
    public ReadOnlySpan<float> Data => _data;

    /// <summary>Cosine only: some row is all zeros (at distance 1 from everything).</summary>
    public bool HasZeroRows { get; }

    public bool IsZero(int i) => _zero[i];

    public ReadOnlySpan<float> Row(int i) => _data.AsSpan(i * Dim, Dim);

    /// <summary>The graph's distance between rows <paramref name="i"/> and <paramref name="j"/>.</summary>
    public float Distance(int i, int j)
    {
        if (i == j) return 0;
        float d = TensorPrimitives.Distance<float>(Row(i), Row(j));
        return Metric == UmapMetric.Cosine ? (_zero[i] || _zero[j] ? 1f : 0.5f * d * d) : d;
    }

    /// <summary>The Euclidean distance on <see cref="Data"/> that a graph distance stands for (monotone in it).</summary>
    public double EuclideanOf(float distance) => Metric == UmapMetric.Cosine ? Math.Sqrt(2.0 * distance) : distance;

    /// <summary>Brute force over all rows, rows in parallel: O(N² D), the reference the GEMM search must equal.</summary>
    public (int[,] Index, float[,] Distance) All(int k)
    {
        var index = new int[Count, k];
        var dist = new float[Count, k];
        var all = Enumerable.Range(0, Count).ToArray();
        var options = new ParallelOptions { MaxDegreeOfParallelism = Core.ThreadingPolicy.Cores };
        Parallel.For(0, Count, options, () => new float[Count], (i, _, buffer) =>
        {
            Nearest(i, all, buffer, k, index, dist);
            return buffer;
        }, _ => { });
        return (index, dist);
    }

    /// <summary>
    /// Writes the k nearest of <paramref name="candidates"/> (by distance, then index) into row <paramref name="row"/>,
    /// the point itself first whether or not it is a candidate. <paramref name="buffer"/> holds at least as many values
    /// as there are candidates.
    /// </summary>
    public void Nearest(int row, ReadOnlySpan<int> candidates, float[] buffer, int k, int[,] index, float[,] dist)
    {
        for (int t = 0; t < candidates.Length; t++) buffer[t] = Distance(row, candidates[t]);
        // Max-heap of the best k - 1 others so far on (distance, index).
        var heap = new (float D, int I)[k - 1];
        int size = 0;
        for (int t = 0; t < candidates.Length; t++)
        {
            int j = candidates[t];
            if (j == row) continue;
            var item = (buffer[t], j);
            if (size < heap.Length) { heap[size++] = item; SiftUp(heap, size - 1); }
            else if (size > 0 && Less(item, heap[0])) { heap[0] = item; SiftDown(heap, size); }
        }
        Array.Sort(heap, 0, size, Comparer<(float D, int I)>.Create((a, b) => Less(a, b) ? -1 : Less(b, a) ? 1 : 0));
        index[row, 0] = row;
        dist[row, 0] = 0;
        for (int t = 0; t < size; t++)
        {
            index[row, t + 1] = heap[t].I;
            dist[row, t + 1] = heap[t].D;
        }
    }

    private static bool Less((float D, int I) a, (float D, int I) b) => a.D < b.D || (a.D == b.D && a.I < b.I);

    private static void SiftUp((float D, int I)[] h, int i)
    {
        while (i > 0)
        {
            int p = (i - 1) / 2;
            if (!Less(h[p], h[i])) break;
            (h[p], h[i]) = (h[i], h[p]);
            i = p;
        }
    }

    private static void SiftDown((float D, int I)[] h, int size)
    {
        int i = 0;
        while (true)
        {
            int l = 2 * i + 1, r = l + 1, m = i;
            if (l < size && Less(h[m], h[l])) m = l;
            if (r < size && Less(h[m], h[r])) m = r;
            if (m == i) break;
            (h[m], h[i]) = (h[i], h[m]);
            i = m;
        }
    }
}
