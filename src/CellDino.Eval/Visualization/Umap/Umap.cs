using CellDino.Eval.Embedding;

namespace CellDino.Eval.Visualization;

/// <summary>
/// UMAP dimension reduction (McInnes, Healy &amp; Melville 2018), implemented from the paper: exact kNN graph, smooth
/// kNN distances, fuzzy union, spectral (or random) initialisation scaled to [0, 10], then SGD on the fuzzy
/// cross-entropy with edge sampling proportional to weight, negative sampling, and a linearly decaying learning rate.
/// The exact kNN graph comes from tiled float32 GEMM whose candidates are re-ranked by direct differences and certified
/// per row (so it equals brute force, also for data far from the origin); every stage runs in parallel on the process's
/// cores without races, so equal inputs and seeds give identical output on any number of cores. 100 000 points take
/// seconds, not minutes (docs/benchmarks.md).
/// </summary>
public static class Umap
{
    /// <summary>
    /// Embeds the rows of <paramref name="set"/>; returns the coordinates, [Count, Components] (2 by default), row i
    /// for sample i (the 2-D points <see cref="ScatterPlot"/> draws).
    /// </summary>
    /// <exception cref="ArgumentException">Fewer than 3 rows, non-finite values or invalid options.</exception>
    public static float[,] FitTransform(EmbeddingSet set, UmapOptions? options = null) => FitTransform(set, options, null);

    /// <summary><see cref="FitTransform(EmbeddingSet, UmapOptions?)"/>, reporting each stage's wall time (benchmarks).</summary>
    internal static float[,] FitTransform(EmbeddingSet set, UmapOptions? options, Action<string, TimeSpan>? stage)
    {
        ArgumentNullException.ThrowIfNull(set);
        options ??= new UmapOptions();
        options.Validate();
        int n = set.Count;
        if (n < 3) throw new ArgumentException($"UMAP needs at least 3 rows, got {n}.", nameof(set));
        set.ThrowIfNotFinite(nameof(set));
        int k = Math.Min(options.NNeighbors, n);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        void Done(string name)
        {
            stage?.Invoke(name, clock.Elapsed);
            clock.Restart();
        }
        var (index, dist) = NearestNeighbors.Exact(set.Features, set.Dim, k, options.Metric);
        Done("neighbours");
        var (head, tail, weight) = FuzzySimplicialSet.Build(index, dist);
        Done("fuzzy set");
        int epochs = options.EpochsFor(n);
        var rng = new Random(options.Seed);
        var embedding = Initialise(n, head, tail, weight, options, rng);
        Done("init");
        var (a, b) = UmapCurve.FitAB(options.Spread, options.MinDist);
        LayoutOptimizer.Optimize(embedding, options.Components, head, tail, weight, epochs, a, b, options);
        Done("sgd");
        var result = new float[n, options.Components];
        Buffer.BlockCopy(embedding, 0, result, 0, embedding.Length * sizeof(float));
        return result;
    }

    /// <summary>The curve parameters (a, b) UMAP uses for <paramref name="spread"/> and <paramref name="minDist"/>.</summary>
    public static (double A, double B) FitCurve(double spread, double minDist)
    {
        new UmapOptions(MinDist: minDist, Spread: spread).Validate();
        return UmapCurve.FitAB(spread, minDist);
    }

    /// <summary>Row-major [n, Components] starting coordinates in [0, 10].</summary>
    private static float[] Initialise(int n, int[] head, int[] tail, double[] weight, UmapOptions options, Random rng)
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
        var emb = new float[n * dim];
        for (int c = 0; c < dim; c++)
        {
            double lo = double.MaxValue, hi = double.MinValue;
            for (int i = 0; i < n; i++) { lo = Math.Min(lo, init[i, c]); hi = Math.Max(hi, init[i, c]); }
            double range = hi - lo;
            for (int i = 0; i < n; i++)
            {
                double v = range > 0 ? 10 * (init[i, c] - lo) / range : 5;
                emb[i * dim + c] = (float)(v + 1e-4 * Gaussian(rng));
            }
        }
        return emb;
    }

    private static double Gaussian(Random rng)
    {
        double u1 = 1 - rng.NextDouble(), u2 = rng.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
