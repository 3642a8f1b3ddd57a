using CellDino.Eval.Visualization;
using Xunit;

namespace CellDino.Eval.Tests.Visualization;

/// <summary>The scalable kNN graph and fuzzy union against the simple definitions they replace.</summary>
public sealed class UmapGraphTests
{
    /// <summary>Uniform noise in [-1, 1), optionally shifted far from the origin; with a few exact duplicates and, for cosine,
    /// zero rows, so ties at the cut and the zero-row convention are exercised.</summary>
    private static float[] Data(int n, int dim, int seed, float offset, bool zeros)
    {
        var rng = new Random(seed);
        var x = new float[n * dim];
        for (int i = 0; i < x.Length; i++) x[i] = (float)(rng.NextDouble() * 2 - 1) + offset * (1 + i % dim);
        for (int i = 0; i < 20; i++) Array.Copy(x, (7 * i) * dim, x, (n - 1 - i) * dim, dim); // duplicates
        if (zeros) for (int i = 0; i < 5; i++) Array.Clear(x, (50 + i) * dim, dim);
        return x;
    }

    [Theory]
    [InlineData(UmapMetric.Euclidean, 0f)]
    [InlineData(UmapMetric.Euclidean, 1000f)]
    [InlineData(UmapMetric.Cosine, 0f)]
    [InlineData(UmapMetric.Cosine, 1000f)]
    public void GemmSearchEqualsBruteForceExactly(UmapMetric metric, float offset)
    {
        // 2500 rows span two row blocks and two column tiles, both with ragged ends.
        const int N = NearestNeighbors.TileColumns + 452, Dim = 12, K = 15;
        var x = Data(N, Dim, 3, offset, zeros: metric == UmapMetric.Cosine && offset == 0);
        var (index, dist, fallback) = NearestNeighbors.Search(x, Dim, K, metric);
        var (expectIndex, expectDist) = new NeighborRows(x, Dim, metric).All(K);
        Assert.Equal(expectIndex.Cast<int>(), index.Cast<int>());
        Assert.Equal(expectDist.Cast<float>(), dist.Cast<float>());
        // The certificate holds for almost every row (only duplicates, zero rows and true ties need brute force).
        Assert.True(fallback <= 60, $"{fallback} rows fell back to brute force");
    }

    [Fact]
    public void GemmCandidatesAreReRankedNotTrusted()
    {
        // Offset data where float32 |x|² + |y|² − 2 x·y without centring would lose most neighbours: the graph still
        // equals brute force, and the brute-force distances are the direct differences (checked in double here).
        const int N = 600, Dim = 8, K = 11;
        var x = Data(N, Dim, 9, 1e4f, zeros: false);
        var (index, dist, _) = NearestNeighbors.Search(x, Dim, K, UmapMetric.Euclidean);
        Assert.Equal(new NeighborRows(x, Dim, UmapMetric.Euclidean).All(K).Index.Cast<int>(), index.Cast<int>());
        for (int i = 0; i < N; i += 37)
        {
            double s = 0;
            for (int c = 0; c < Dim; c++) { double t = (double)x[i * Dim + c] - x[index[i, K - 1] * Dim + c]; s += t * t; }
            Assert.Equal(Math.Sqrt(s), dist[i, K - 1], 1e-3);
        }
    }

    /// <summary>The fuzzy union as it was first written: a dictionary of directed memberships and a sorted union.</summary>
    private static (int[] Head, int[] Tail, double[] Weight) DictionaryUnion(int[,] index, float[,] dist)
    {
        int n = index.GetLength(0), k = index.GetLength(1);
        var (rho, sigma) = FuzzySimplicialSet.SmoothKnnDistances(dist);
        var directed = new Dictionary<long, double>();
        for (int i = 0; i < n; i++)
            for (int j = 0; j < k; j++)
            {
                int t = index[i, j];
                if (t == i) continue;
                double d = dist[i, j] - rho[i];
                directed[(long)i * n + t] = d <= 0 || sigma[i] == 0 ? 1 : Math.Exp(-d / sigma[i]);
            }
        var union = new SortedDictionary<long, double>();
        foreach (var (key, a) in directed)
        {
            int i = (int)(key / n), t = (int)(key % n);
            double b = directed.GetValueOrDefault((long)t * n + i);
            double w = a + b - a * b;
            if (w <= 0) continue;
            union[key] = w;
            union[(long)t * n + i] = w;
        }
        return (union.Keys.Select(key => (int)(key / n)).ToArray(), union.Keys.Select(key => (int)(key % n)).ToArray(), union.Values.ToArray());
    }

    [Theory]
    [InlineData(UmapMetric.Euclidean)]
    [InlineData(UmapMetric.Cosine)]
    public void ArrayFuzzyUnionEqualsTheDictionaryUnion(UmapMetric metric)
    {
        var (blobs, _) = UmapTests.Blobs(200, 3, 6, 11);
        var x = Embeddings.Flat(blobs);
        Array.Copy(x, 0, x, 6, 6); // a duplicate: a zero distance, so ρ and a membership of 1 at d = ρ
        var (index, dist) = NearestNeighbors.Exact(x, 6, 10, metric);
        var (head, tail, weight) = FuzzySimplicialSet.Build(index, dist);
        var (eh, et, ew) = DictionaryUnion(index, dist);
        Assert.Equal(eh, head);
        Assert.Equal(et, tail);
        Assert.Equal(ew, weight);
    }

    [Fact]
    public void FuzzyUnionByHand()
    {
        // Three points on a line at 0, 1, 3 with k = 2 (self + 1): memberships 0→1, 1→0, 2→1 are all 1 (d = ρ), so the
        // union has 0–1 (1 + 1 − 1 = 1) and 1–2 (1 + 0 − 0 = 1), both directions, sorted by head then tail.
        var index = new int[,] { { 0, 1 }, { 1, 0 }, { 2, 1 } };
        var dist = new float[,] { { 0, 1 }, { 0, 1 }, { 0, 2 } };
        var (head, tail, weight) = FuzzySimplicialSet.Build(index, dist);
        Assert.Equal([0, 1, 1, 2], head);
        Assert.Equal([1, 0, 2, 1], tail);
        Assert.Equal([1.0, 1.0, 1.0, 1.0], weight);
    }

    [Fact]
    public void LayoutDoesNotDependOnTheThreadCount()
    {
        // 700 points make three chunks, so threads really share an epoch; each chunk reads others only from the snapshot.
        var (blobs, _) = UmapTests.Blobs(700, 4, 6, 5);
        var (index, dist) = NearestNeighbors.Exact(Embeddings.Flat(blobs), 6, 10, UmapMetric.Euclidean);
        var (head, tail, weight) = FuzzySimplicialSet.Build(index, dist);
        var (a, b) = Umap.FitCurve(1, 0.1);
        var start = Enumerable.Range(0, 1400).Select(i => (float)(i * 7919 % 1000) / 100).ToArray();
        float[] Run(int threads)
        {
            var emb = (float[])start.Clone();
            LayoutOptimizer.Optimize(emb, 2, head, tail, weight, 30, a, b, new UmapOptions(), threads);
            return emb;
        }
        var one = Run(1);
        Assert.Equal(one, Run(3));
        Assert.Equal(one, Run(8));
        Assert.NotEqual(start, one);
    }
}
