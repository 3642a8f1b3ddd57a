using CellDino.Eval.Visualization;
using Xunit;

namespace CellDino.Eval.Tests.Visualization;

public sealed class UmapTests
{
    /// <summary>Gaussian blobs in <paramref name="dim"/>-D: unit noise around centres ~N(0, 6²) per coordinate.</summary>
    internal static (float[,] X, int[] Labels) Blobs(int n, int clusters, int dim, int seed)
    {
        var rng = new Random(seed);
        double G() => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
        var centres = new double[clusters, dim];
        for (int c = 0; c < clusters; c++) for (int j = 0; j < dim; j++) centres[c, j] = 6 * G();
        var x = new float[n, dim];
        var labels = new int[n];
        for (int i = 0; i < n; i++)
        {
            labels[i] = i % clusters;
            for (int j = 0; j < dim; j++) x[i, j] = (float)(centres[labels[i], j] + G());
        }
        return (x, labels);
    }

    private static double[,] Distances(float[,] x)
    {
        int n = x.GetLength(0), d = x.GetLength(1);
        var r = new double[n, n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                double s = 0;
                for (int k = 0; k < d; k++) { double t = x[i, k] - x[j, k]; s += t * t; }
                r[i, j] = Math.Sqrt(s);
            }
        return r;
    }

    private static int[] Ranked(double[,] dist, int i) =>
        Enumerable.Range(0, dist.GetLength(0)).Where(j => j != i).OrderBy(j => dist[i, j]).ThenBy(j => j).ToArray();

    /// <summary>Trustworthiness (Venna &amp; Kaski 2001): 1 - 2/(n k (2n - 3k - 1)) Σ_i Σ_{j ∈ U_k(i)} (r(i, j) - k).</summary>
    private static double Trustworthiness(float[,] high, float[,] low, int k)
    {
        int n = high.GetLength(0);
        var dh = Distances(high);
        var dl = Distances(low);
        double penalty = 0;
        for (int i = 0; i < n; i++)
        {
            var rankHigh = new int[n];
            var order = Ranked(dh, i);
            for (int r = 0; r < order.Length; r++) rankHigh[order[r]] = r + 1;
            foreach (int j in Ranked(dl, i).Take(k))
                if (rankHigh[j] > k) penalty += rankHigh[j] - k;
        }
        return 1 - 2.0 / (n * k * (2.0 * n - 3 * k - 1)) * penalty;
    }

    [Fact]
    public void CurveFitForDefaultMinDistMatchesUmapLearn()
    {
        var (a, b) = Umap.FitCurve(1.0, 0.1);
        Assert.Equal(1.577, a, 0.003);
        Assert.Equal(0.8951, b, 0.002);
        // min_dist 0.001 should make the curve sharper: a grows and b shrinks towards 0.79.
        var (a2, b2) = Umap.FitCurve(1.0, 0.001);
        Assert.True(a2 > a && b2 < b);
    }

    [Theory]
    [InlineData(UmapMetric.Euclidean)]
    [InlineData(UmapMetric.Cosine)]
    public void TheNeighbourGraphOfDataFarFromTheOriginIsExact(UmapMetric metric)
    {
        // Blobs shifted by 1000x their spread: |x|^2 + |y|^2 - 2x.y in float32 cancels away the differences.
        var (x, _) = Blobs(300, 3, 8, 7);
        var rows = Enumerable.Range(0, 300).Select(i => Enumerable.Range(0, 8).Select(j => x[i, j] + 1000f * (j + 1)).ToArray()).ToArray();
        var (index, _) = NearestNeighbors.Exact(rows.SelectMany(r => r).ToArray(), 8, 11, metric);
        int kept = 0;
        for (int i = 0; i < 300; i++)
        {
            // Exact neighbours in double precision.
            var d = new double[300];
            for (int j = 0; j < 300; j++)
            {
                double s2 = 0, xx = 0, yy = 0, xy = 0;
                for (int t = 0; t < 8; t++)
                {
                    double a = rows[i][t], c = rows[j][t];
                    s2 += (a - c) * (a - c);
                    xx += a * a; yy += c * c; xy += a * c;
                }
                d[j] = metric == UmapMetric.Euclidean ? s2 : 1 - xy / Math.Sqrt(xx * yy);
            }
            d[i] = double.NegativeInfinity;
            var exact = Enumerable.Range(0, 300).OrderBy(j => d[j]).Skip(1).Take(10).ToHashSet();
            kept += Enumerable.Range(1, 10).Count(t => exact.Contains(index[i, t]));
        }
        Assert.True(kept >= 0.97 * 300 * 10, $"{metric}: {kept} of {300 * 10} exact 10-NN kept");
    }

    [Fact]
    public void SmoothKnnDistancesHitLog2KAndUnionIsSymmetric()
    {
        var (x, _) = Blobs(60, 3, 5, 1);
        var (index, dist) = NearestNeighbors.Exact(Embeddings.Flat(x), 5, 8, UmapMetric.Euclidean);
        var full = Distances(x);
        for (int i = 0; i < 60; i++)
        {
            Assert.Equal(i, index[i, 0]);
            var expect = Ranked(full, i).Take(7).ToArray();
            Assert.Equal(expect, Enumerable.Range(1, 7).Select(t => index[i, t]));
            Assert.Equal(full[i, index[i, 3]], dist[i, 3], 3);
        }
        var (rho, sigma) = FuzzySimplicialSet.SmoothKnnDistances(dist);
        for (int i = 0; i < 60; i++)
        {
            Assert.Equal(dist[i, 1], rho[i], 6);
            double sum = Enumerable.Range(1, 7).Sum(j => Math.Exp(-Math.Max(0, dist[i, j] - rho[i]) / sigma[i]));
            Assert.Equal(Math.Log2(8), sum, 4);
        }
        var (head, tail, weight) = FuzzySimplicialSet.Build(index, dist);
        var w = new Dictionary<(int, int), double>();
        for (int e = 0; e < head.Length; e++) w[(head[e], tail[e])] = weight[e];
        foreach (var ((i, j), v) in w)
        {
            Assert.Equal(v, w[(j, i)]);
            Assert.InRange(v, 1e-12, 1.0);
        }
        // Fuzzy union by hand for the first point's nearest neighbour (membership 1 from it).
        int nb = index[0, 1];
        int back = Enumerable.Range(0, 8).FirstOrDefault(t => index[nb, t] == 0, -1);
        double a = 1, b = back < 0 ? 0 : Math.Exp(-Math.Max(0, dist[nb, back] - rho[nb]) / sigma[nb]);
        Assert.Equal(a + b - a * b, w[(0, nb)], 6);
    }

    [Fact]
    public void SeparatesGaussianBlobsAndPreservesNeighbourhoods()
    {
        var (x, labels) = Blobs(300, 4, 20, 7);
        var emb = Umap.FitTransform(Embeddings.Of(x));
        Assert.Equal(300, emb.GetLength(0));
        Assert.Equal(2, emb.GetLength(1));
        var de = Distances(emb);
        int correct = 0;
        for (int i = 0; i < 300; i++)
            if (labels[Ranked(de, i)[0]] == labels[i]) correct++;
        Assert.True(correct / 300.0 >= 0.95, $"1-NN label accuracy in the embedding {correct / 300.0}");
        // Cluster centroids in 2-D are further apart than each cluster's spread.
        double maxSpread = 0, minGap = double.MaxValue;
        var cx = new double[4]; var cy = new double[4];
        for (int c = 0; c < 4; c++)
        {
            var members = Enumerable.Range(0, 300).Where(i => labels[i] == c).ToArray();
            cx[c] = members.Average(i => emb[i, 0]); cy[c] = members.Average(i => emb[i, 1]);
            maxSpread = Math.Max(maxSpread, members.Max(i => Math.Sqrt(Math.Pow(emb[i, 0] - cx[c], 2) + Math.Pow(emb[i, 1] - cy[c], 2))));
        }
        for (int c = 0; c < 4; c++) for (int e = c + 1; e < 4; e++) minGap = Math.Min(minGap, Math.Sqrt(Math.Pow(cx[c] - cx[e], 2) + Math.Pow(cy[c] - cy[e], 2)));
        Assert.True(minGap > maxSpread, $"closest centroids {minGap} vs largest cluster radius {maxSpread}");
        Assert.True(Trustworthiness(x, emb, 10) >= 0.9);
    }

    [Fact]
    public void DeterministicBySeedForBothInitialisations()
    {
        var (x, _) = Blobs(80, 3, 10, 2);
        foreach (var init in new[] { UmapInit.Spectral, UmapInit.Random })
        {
            var o = new UmapOptions(Epochs: 60, Init: init, Seed: 5);
            var a = Umap.FitTransform(Embeddings.Of(x), o);
            var b = Umap.FitTransform(Embeddings.Of(x), o);
            Assert.Equal(a.Cast<float>(), b.Cast<float>());
            var c = Umap.FitTransform(Embeddings.Of(x), o with { Seed = 6 });
            Assert.NotEqual(a.Cast<float>(), c.Cast<float>());
            Assert.All(a.Cast<float>(), v => Assert.True(float.IsFinite(v)));
        }
    }

    [Fact]
    public void CosineNeighboursIgnoreScaleAndSeparateDirections()
    {
        // Rows scaled by positive factors have the same cosine neighbours and distances 1 - cos.
        var (x, labels) = Blobs(90, 3, 8, 4);
        var scaled = (float[,])x.Clone();
        for (int i = 0; i < 90; i++) for (int j = 0; j < 8; j++) scaled[i, j] *= 1 + i % 5;
        var (ia, da) = NearestNeighbors.Exact(Embeddings.Flat(x), 8, 6, UmapMetric.Cosine);
        var (ib, db) = NearestNeighbors.Exact(Embeddings.Flat(scaled), 8, 6, UmapMetric.Cosine);
        int same = 0;
        for (int i = 0; i < 90; i++)
            for (int t = 0; t < 6; t++)
            {
                if (ia[i, t] == ib[i, t]) same++;
                Assert.Equal(da[i, t], db[i, t], 4);
            }
        Assert.True(same >= 90 * 6 - 4, $"only {same} neighbours agree");
        double dot = 0, n0 = 0, n1 = 0;
        int nb = ia[0, 1];
        for (int j = 0; j < 8; j++) { dot += x[0, j] * x[nb, j]; n0 += x[0, j] * x[0, j]; n1 += x[nb, j] * x[nb, j]; }
        Assert.Equal(1 - dot / Math.Sqrt(n0 * n1), da[0, 1], 4);

        var emb = Umap.FitTransform(Embeddings.Of(scaled), new UmapOptions(Metric: UmapMetric.Cosine, Epochs: 150));
        var de = Distances(emb);
        int correct = Enumerable.Range(0, 90).Count(i => labels[Ranked(de, i)[0]] == labels[i]);
        Assert.True(correct >= 86, $"1-NN label accuracy {correct}/90");
    }

    [Fact]
    public void BadInputThrows()
    {
        Assert.Throws<ArgumentException>(() => Umap.FitTransform(Embeddings.Of(new float[2, 3])));
        var nan = new float[10, 2];
        nan[4, 1] = float.NaN;
        Assert.Contains("sample 4", Assert.Throws<ArgumentException>(() => Umap.FitTransform(Embeddings.Of(nan))).Message);
        Assert.Throws<ArgumentException>(() => Umap.FitTransform(Embeddings.Of(new float[10, 2]), new UmapOptions(NNeighbors: 1)));
        Assert.Throws<ArgumentException>(() => Umap.FitTransform(Embeddings.Of(new float[10, 2]), new UmapOptions(MinDist: -1)));
        Assert.Throws<ArgumentException>(() => Umap.FitTransform(Embeddings.Of(new float[10, 2]), new UmapOptions(Epochs: 0)));
    }
}
