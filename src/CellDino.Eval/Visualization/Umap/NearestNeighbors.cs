using static TorchSharp.torch;

namespace CellDino.Eval.Visualization;

/// <summary>
/// Exact k-nearest neighbours in O(N² D) GEMM flops. Tiles of scores |y|² − 2 x·y (float32, on centred data) come from
/// libtorch matmuls written straight into a managed buffer; each row keeps its k + margin best candidates in a heap (a SIMD
/// scan against the heap's worst rejects almost every score with one compare), and the candidates are then re-ranked by
/// the direct-difference distances of <see cref="NeighborRows"/>. A per-row certificate proves that no row left out can
/// beat the k-th: the worst kept score minus a rigorous float32 error bound (γ_D for the dot products, the rounding of the
/// norms, the scaling, the sum and the centring) must still lie strictly beyond the k-th exact distance. Rows without the
/// certificate (exact ties at the cut, heavy duplication, cosine zero rows) are searched by brute force, so the graph is
/// bit-identical to <see cref="NeighborRows.All"/> always. Centring keeps the scores small for data far from the origin, so
/// the pre-selection stays sharp there too. Memory: the data plus, per worker, one 4 MB tile and the candidate heaps.
/// Each point is its own first neighbour (distance 0); ties break by lower index.
/// </summary>
internal static class NearestNeighbors
{
    /// <summary>Rows and columns of one score tile (4 MB: it stays in cache between the matmul and the scan).</summary>
    internal const int TileRows = 512, TileColumns = 2048;

    private const double Unit = 1.0 / (1 << 24); // float32 unit roundoff

    /// <summary>Returns [N, k] neighbour indices and distances, ascending by distance.</summary>
    /// <param name="features">Row-major [N, <paramref name="dim"/>] points (read, not changed).</param>
    /// <param name="dim">Point width.</param>
    /// <param name="k">Neighbours per point, the point itself included.</param>
    /// <param name="metric">Euclidean or cosine distance.</param>
    public static (int[,] Index, float[,] Distance) Exact(float[] features, int dim, int k, UmapMetric metric)
    {
        var (index, dist, _) = Search(features, dim, k, metric);
        return (index, dist);
    }

    /// <summary><see cref="Exact"/>, and how many rows fell back to brute force (diagnostics and tests).</summary>
    internal static (int[,] Index, float[,] Distance, int FallbackRows) Search(float[] features, int dim, int k, UmapMetric metric)
    {
        var rows = new NeighborRows(features, dim, metric);
        int n = rows.Count;
        int candidates = k + Math.Max(16, k);
        // Tiny sets, and machines where libtorch's natives cannot load, take the brute-force route (same graph, O(N² D)).
        if (candidates >= n || !Core.TorchRuntime.IsAvailable)
        {
            var (i, d) = rows.All(k);
            return (i, d, n);
        }
        var index = new int[n, k];
        var dist = new float[n, k];
        var fallback = GemmCandidates(rows, k, candidates, index, dist);
        if (fallback.Count > 0)
        {
            var all = Enumerable.Range(0, n).ToArray();
            var options = new ParallelOptions { MaxDegreeOfParallelism = Core.ThreadingPolicy.Cores };
            Parallel.For(0, fallback.Count, options, () => new float[n], (f, _, buffer) =>
            {
                rows.Nearest(fallback[f], all, buffer, k, index, dist);
                return buffer;
            }, _ => { });
        }
        return (index, dist, fallback.Count);
    }

    /// <summary>Fills the certified rows of <paramref name="index"/> / <paramref name="dist"/>; returns the others, ascending.</summary>
    private static List<int> GemmCandidates(NeighborRows rows, int k, int candidates, int[,] index, float[,] dist)
    {
        int n = rows.Count, dim = rows.Dim;
        var (centred, norm2) = Centre(rows);
        double maxNorm2 = norm2.Max(), maxNorm = Math.Sqrt(maxNorm2);
        // Rigorous float32 error of |y|² − 2 x·y per unit of (|y|² + |x||y|): γ_(D+2) for the dot product, one rounding
        // each for the norm, the scaling and the sum; doubled (a looser bound only costs brute-force rows).
        double scoreError = 2 * (2 * (dim + 2) * Unit / (1 - (dim + 2) * Unit) + 4 * Unit);
        // Relative error of a direct-difference distance (D differences, squares and sums, a square root), doubled.
        double distanceError = 2 * (dim + 4) * Unit;
        var yy = new float[n];
        for (int j = 0; j < n; j++) yy[j] = rows.IsZero(j) ? float.PositiveInfinity : (float)norm2[j];
        var failed = new bool[n];
        var data = tensor(centred, [n, dim]);
        try
        {
            // Each worker owns whole row blocks (its tile, heaps and buffers), so libtorch and the scans never share a core:
            // as many workers as libtorch's threads fit in the process's cores (one per core under ThreadingPolicy.Apply).
            int workers = Math.Max(1, Core.ThreadingPolicy.Cores / Math.Max(1, get_num_threads()));
            int blocks = (n + TileRows - 1) / TileRows;
            Parallel.For(0, blocks, new ParallelOptions { MaxDegreeOfParallelism = workers }, () => new Worker(candidates), (b, _, w) =>
            {
                int start = b * TileRows, len = Math.Min(TileRows, n - start);
                w.Heaps.Reset(len);
                using var block = data.narrow(0, start, len);
                for (int col = 0; col < n; col += TileColumns)
                {
                    int width = Math.Min(TileColumns, n - col);
                    using (NewDisposeScope()) // the views' handles; the tile's storage is the worker's
                        w.TileTensor.narrow(0, 0, len).narrow(1, 0, width).addmm_(block, data.narrow(0, col, width).t(), beta: 0, alpha: -2);
                    for (int r = 0; r < len; r++) w.Heaps.Scan(r, w.Tile, yy, col, width);
                }
                for (int r = 0; r < len; r++)
                {
                    int row = start + r;
                    int count = w.Heaps.Candidates(r, row, w.Candidates);
                    rows.Nearest(row, w.Candidates.AsSpan(0, count), w.Buffer, k, index, dist);
                    // Certificate: every excluded j scored at least the worst kept score, so its true squared distance is
                    // at least |x_i|² + that score − the error bound; it must exceed the k-th with room to spare.
                    double lowerSq = norm2[row] + w.Heaps.Worst(r) - scoreError * (maxNorm2 + Math.Sqrt(norm2[row]) * maxNorm);
                    double lower = Math.Sqrt(Math.Max(0, lowerSq)) - 2 * Unit * (Math.Sqrt(norm2[row]) + maxNorm);
                    double kth = rows.EuclideanOf(dist[row, k - 1]) * (1 + distanceError);
                    bool zeroMayJoin = rows.HasZeroRows && (rows.IsZero(row) || dist[row, k - 1] * (1 + distanceError) >= 1);
                    failed[row] = !(lower > kth) || zeroMayJoin;
                }
                return w;
            }, w => w.Dispose());
        }
        finally
        {
            data.Dispose();
        }
        var result = new List<int>();
        for (int i = 0; i < n; i++) if (failed[i]) result.Add(i);
        return result;
    }

    /// <summary>One worker's score tile (shared with libtorch, so the matmul writes where the scan reads) and candidate heaps.</summary>
    private sealed class Worker : IDisposable
    {
        public readonly float[,] Tile = new float[TileRows, TileColumns];
        public readonly Tensor TileTensor;
        public readonly CandidateHeaps Heaps;
        public readonly int[] Candidates;
        public readonly float[] Buffer;

        public Worker(int candidates)
        {
            // Owned here, not by whatever dispose scope the calling thread may have open.
            TileTensor = from_array(Tile).DetachFromDisposeScope();
            Heaps = new CandidateHeaps(TileRows, candidates);
            Candidates = new int[candidates + 1];
            Buffer = new float[candidates + 1];
        }

        public void Dispose() => TileTensor.Dispose();
    }

    /// <summary>The rows minus their mean (float32, as the GEMM sees them) and each centred row's |x|² in double.</summary>
    private static (float[] Centred, double[] Norm2) Centre(NeighborRows rows)
    {
        int n = rows.Count, dim = rows.Dim;
        var data = rows.Data;
        var mean = new double[dim];
        for (int i = 0; i < n; i++)
            for (int c = 0; c < dim; c++) mean[c] += data[i * dim + c];
        var m = mean.Select(s => (float)(s / n)).ToArray();
        var centred = new float[data.Length];
        var norm2 = new double[n];
        for (int i = 0; i < n; i++)
        {
            double s = 0;
            for (int c = 0; c < dim; c++)
            {
                float x = data[i * dim + c] - m[c];
                centred[i * dim + c] = x;
                s += (double)x * x;
            }
            norm2[i] = s;
        }
        return (centred, norm2);
    }
}
