using System.Numerics.Tensors;

namespace CellDino.Eval.Visualization;

/// <summary>
/// Exact k-nearest neighbours by brute force: each row's distances to all rows come from SIMD differences
/// (‖x − y‖, and ‖x̂ − ŷ‖²/2 = 1 − cos for cosine), rows in parallel, each row's result independent of scheduling.
/// The differences are taken directly rather than as |x|² + |y|² − 2 x·y, which in float32 cancels catastrophically
/// for data far from the origin (blobs shifted by 1000× their spread kept a third of their 10-NN graph). O(N² D): fine
/// up to some 20 000 points. Each point is its own first neighbour (distance 0); ties break by lower index.
/// </summary>
internal static class NearestNeighbors
{
    /// <summary>Returns [N, k] neighbour indices and distances, ascending by distance.</summary>
    /// <param name="features">Row-major [N, <paramref name="dim"/>] points (read, not changed).</param>
    /// <param name="dim">Point width.</param>
    /// <param name="k">Neighbours per point, the point itself included.</param>
    /// <param name="metric">Euclidean or cosine distance.</param>
    public static (int[,] Index, float[,] Distance) Exact(float[] features, int dim, int k, UmapMetric metric)
    {
        int n = features.Length / dim;
        var data = features;
        if (metric == UmapMetric.Cosine)
        {
            data = (float[])features.Clone();
            for (int i = 0; i < n; i++)
            {
                var row = data.AsSpan(i * dim, dim);
                float norm = TensorPrimitives.Norm<float>(row);
                if (norm > 0) TensorPrimitives.Divide(row, norm, row);
            }
        }
        var zero = new bool[n];
        for (int i = 0; i < n; i++) zero[i] = TensorPrimitives.Norm<float>(data.AsSpan(i * dim, dim)) == 0;
        var index = new int[n, k];
        var dist = new float[n, k];
        Parallel.For(0, n, () => new float[n], (i, _, buffer) =>
        {
            var xi = data.AsSpan(i * dim, dim);
            for (int j = 0; j < n; j++)
            {
                float d = TensorPrimitives.Distance<float>(xi, data.AsSpan(j * dim, dim));
                buffer[j] = metric == UmapMetric.Cosine ? (zero[i] || zero[j] ? 1f : 0.5f * d * d) : d;
            }
            buffer[i] = 0;
            SelectSmallest(buffer, i, k, index, dist);
            return buffer;
        }, _ => { });
        return (index, dist);
    }

    /// <summary>Writes the k smallest of <paramref name="d"/> (by distance, then index) into row <paramref name="row"/>,
    /// with the point itself first.</summary>
    private static void SelectSmallest(float[] d, int row, int k, int[,] index, float[,] dist)
    {
        // Max-heap of the best k so far on (distance, index); the point itself is forced to the front afterwards.
        var heap = new (float D, int I)[k];
        int size = 0;
        for (int j = 0; j < d.Length; j++)
        {
            var item = (j == row ? float.NegativeInfinity : d[j], j);
            if (size < k) { heap[size++] = item; SiftUp(heap, size - 1); }
            else if (Less(item, heap[0])) { heap[0] = item; SiftDown(heap, size); }
        }
        Array.Sort(heap, 0, size, Comparer<(float D, int I)>.Create((a, b) => Less(a, b) ? -1 : Less(b, a) ? 1 : 0));
        for (int t = 0; t < size; t++)
        {
            index[row, t] = heap[t].I;
            dist[row, t] = heap[t].I == row ? 0 : heap[t].D;
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
