using CellDino.Eval.Embedding;

namespace CellDino.Eval.Visualization;

/// <summary>
/// UMAP dimension reduction (McInnes, Healy &amp; Melville 2018), implemented from the paper: exact kNN graph, smooth
/// kNN distances, fuzzy union, spectral (or random) initialisation scaled to [0, 10], then SGD on the fuzzy
/// cross-entropy with edge sampling proportional to weight, negative sampling, and a linearly decaying learning rate.
/// Single-threaded optimisation with one seeded generator, so equal inputs and seeds give identical output.
/// </summary>
public static class Umap
{
    /// <summary>
    /// Embeds the rows of <paramref name="set"/>; returns the coordinates, [Count, Components] (2 by default), row i
    /// for sample i (the 2-D points <see cref="ScatterPlot"/> draws).
    /// </summary>
    /// <exception cref="ArgumentException">Fewer than 3 rows, non-finite values or invalid options.</exception>
    public static float[,] FitTransform(EmbeddingSet set, UmapOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(set);
        options ??= new UmapOptions();
        options.Validate();
        int n = set.Count;
        if (n < 3) throw new ArgumentException($"UMAP needs at least 3 rows, got {n}.", nameof(set));
        set.ThrowIfNotFinite(nameof(set));
        int k = Math.Min(options.NNeighbors, n);
        var (index, dist) = NearestNeighbors.Exact(set.Features, set.Dim, k, options.Metric);
        var (head, tail, weight) = FuzzySimplicialSet.Build(index, dist);
        int epochs = options.EpochsFor(n);
        var rng = new Random(options.Seed);
        var embedding = Initialise(n, head, tail, weight, options, rng);
        var (a, b) = UmapCurve.FitAB(options.Spread, options.MinDist);
        Optimize(embedding, head, tail, weight, epochs, a, b, options, rng);
        var result = new float[n, options.Components];
        for (int i = 0; i < n; i++)
            for (int c = 0; c < options.Components; c++) result[i, c] = embedding[i][c];
        return result;
    }

    /// <summary>The curve parameters (a, b) UMAP uses for <paramref name="spread"/> and <paramref name="minDist"/>.</summary>
    public static (double A, double B) FitCurve(double spread, double minDist)
    {
        new UmapOptions(MinDist: minDist, Spread: spread).Validate();
        return UmapCurve.FitAB(spread, minDist);
    }

    private static float[][] Initialise(int n, int[] head, int[] tail, double[] weight, UmapOptions options, Random rng)
    {
        int dim = options.Components;
        var init = options.Init == UmapInit.Spectral ? SpectralLayout.Compute(n, head, tail, weight, dim, rng) : null;
        if (init is null)
        {
            // Random init (requested, or the spectral fallback for tiny or degenerate graphs).
            init = new double[n, dim];
            for (int i = 0; i < n; i++)
                for (int c = 0; c < dim; c++) init[i, c] = rng.NextDouble() * 20 - 10;
        }
        // Tiny noise breaks exact ties (identical spectral coordinates within a component) before rescaling.
        var emb = new float[n][];
        for (int i = 0; i < n; i++) emb[i] = new float[dim];
        for (int c = 0; c < dim; c++)
        {
            double lo = double.MaxValue, hi = double.MinValue;
            for (int i = 0; i < n; i++) { lo = Math.Min(lo, init[i, c]); hi = Math.Max(hi, init[i, c]); }
            double range = hi - lo;
            for (int i = 0; i < n; i++)
            {
                double v = range > 0 ? 10 * (init[i, c] - lo) / range : 5;
                emb[i][c] = (float)(v + 1e-4 * Gaussian(rng));
            }
        }
        return emb;
    }

    private static double Gaussian(Random rng)
    {
        double u1 = 1 - rng.NextDouble(), u2 = rng.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    private static void Optimize(float[][] emb, int[] head, int[] tail, double[] weight, int epochs, double a, double b,
        UmapOptions options, Random rng)
    {
        int n = emb.Length, dim = options.Components, edges = head.Length;
        if (edges == 0) return;
        double max = weight.Max();
        // Edges too weak to be sampled even once in the run are dropped (umap-learn does the same).
        var epochsPerSample = new double[edges];
        for (int e = 0; e < edges; e++)
            epochsPerSample[e] = weight[e] < max / epochs ? -1 : max / weight[e];
        var epochsPerNegative = new double[edges];
        var nextSample = new double[edges];
        var nextNegative = new double[edges];
        double negRate = options.NegativeSampleRate;
        for (int e = 0; e < edges; e++)
        {
            epochsPerNegative[e] = negRate > 0 ? epochsPerSample[e] / negRate : double.PositiveInfinity;
            nextSample[e] = epochsPerSample[e];
            nextNegative[e] = epochsPerNegative[e];
        }
        float gamma = (float)options.RepulsionStrength, fa = (float)a, fb = (float)b;
        for (int epoch = 0; epoch < epochs; epoch++)
        {
            float alpha = (float)(options.LearningRate * (1 - epoch / (double)epochs));
            for (int e = 0; e < edges; e++)
            {
                if (epochsPerSample[e] <= 0 || nextSample[e] > epoch) continue;
                var cur = emb[head[e]];
                var other = emb[tail[e]];
                float d2 = DistSq(cur, other);
                if (d2 > 0)
                {
                    // Gradient of the attractive term -log(1 / (1 + a d^{2b})) w.r.t. the coordinates, per unit offset;
                    // d^{2(b-1)} is taken as d^{2b} / d² to need one power per sample.
                    float p = MathF.Pow(d2, fb);
                    float coeff = -2 * fa * fb * p / d2 / (fa * p + 1);
                    for (int c = 0; c < dim; c++)
                    {
                        float g = Clip(coeff * (cur[c] - other[c]));
                        cur[c] += g * alpha;
                        other[c] -= g * alpha;
                    }
                }
                nextSample[e] += epochsPerSample[e];
                int negatives = Math.Max(0, (int)((epoch - nextNegative[e]) / epochsPerNegative[e]));
                for (int s = 0; s < negatives; s++)
                {
                    int j = rng.Next(n);
                    if (j == head[e]) continue;
                    var neg = emb[j];
                    float nd2 = DistSq(cur, neg);
                    if (nd2 <= 0) continue;
                    // Repulsive term -log(1 - 1 / (1 + a d^{2b})); 0.001 keeps the coefficient finite at d -> 0.
                    float coeff = 2 * gamma * fb / ((0.001f + nd2) * (fa * MathF.Pow(nd2, fb) + 1));
                    for (int c = 0; c < dim; c++) cur[c] += Clip(coeff * (cur[c] - neg[c])) * alpha;
                }
                nextNegative[e] += negatives * epochsPerNegative[e];
            }
        }
    }

    private static float DistSq(float[] x, float[] y)
    {
        float s = 0;
        for (int c = 0; c < x.Length; c++) { float t = x[c] - y[c]; s += t * t; }
        return s;
    }

    private static float Clip(float g) => Math.Clamp(g, -4f, 4f);
}
