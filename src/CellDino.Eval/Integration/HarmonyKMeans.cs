namespace CellDino.Eval.Integration;

/// <summary>
/// Initial centroids for Harmony when none are given: k-means++ seeding plus Lloyd iterations (25), best of 10 starts
/// by inertia, like harmonypy's scikit-learn KMeans call. The draws differ from scikit-learn's, so results equal
/// harmonypy's only up to its own initialisation randomness; pass centroids to the double-precision <c>Harmony.Run</c> to reproduce a run.
/// </summary>
internal static class HarmonyKMeans
{
    /// <summary>Centroids [k, dim] of the rows of <paramref name="x"/> [n, dim].</summary>
    public static double[,] Fit(double[,] x, int k, int seed, int nInit = 10, int maxIter = 25)
    {
        int n = x.GetLength(0), d = x.GetLength(1);
        if (k > n) throw new ArgumentException($"Harmony needs at least as many cells ({n}) as clusters ({k}).", nameof(k));
        var rng = new Random(seed);
        double[,]? best = null;
        double bestInertia = double.PositiveInfinity;
        var assign = new int[n];
        for (int run = 0; run < nInit; run++)
        {
            var c = PlusPlus(x, k, rng);
            double inertia = 0;
            for (int it = 0; it < maxIter; it++)
            {
                inertia = Assign(x, c, assign);
                var sums = new double[k, d];
                var counts = new int[k];
                for (int i = 0; i < n; i++)
                {
                    counts[assign[i]]++;
                    for (int j = 0; j < d; j++) sums[assign[i], j] += x[i, j];
                }
                bool moved = false;
                for (int a = 0; a < k; a++)
                {
                    if (counts[a] == 0) continue; // an empty cluster keeps its centre
                    for (int j = 0; j < d; j++)
                    {
                        double v = sums[a, j] / counts[a];
                        if (v != c[a, j]) moved = true;
                        c[a, j] = v;
                    }
                }
                if (!moved) break;
            }
            inertia = Assign(x, c, assign);
            if (inertia < bestInertia) { bestInertia = inertia; best = c; }
        }
        return best!;
    }

    private static double[,] PlusPlus(double[,] x, int k, Random rng)
    {
        int n = x.GetLength(0), d = x.GetLength(1);
        var c = new double[k, d];
        var d2 = new double[n];
        int first = rng.Next(n);
        for (int j = 0; j < d; j++) c[0, j] = x[first, j];
        for (int i = 0; i < n; i++) d2[i] = Dist2(x, i, c, 0);
        for (int a = 1; a < k; a++)
        {
            double total = d2.Sum();
            int pick = n - 1;
            if (total > 0)
            {
                double u = rng.NextDouble() * total, acc = 0;
                for (int i = 0; i < n; i++) { acc += d2[i]; if (acc >= u) { pick = i; break; } }
            }
            else pick = rng.Next(n);
            for (int j = 0; j < d; j++) c[a, j] = x[pick, j];
            for (int i = 0; i < n; i++) d2[i] = Math.Min(d2[i], Dist2(x, i, c, a));
        }
        return c;
    }

    private static double Assign(double[,] x, double[,] c, int[] assign)
    {
        int n = x.GetLength(0), k = c.GetLength(0);
        double inertia = 0;
        for (int i = 0; i < n; i++)
        {
            int best = 0;
            double bd = double.PositiveInfinity;
            for (int a = 0; a < k; a++)
            {
                double dd = Dist2(x, i, c, a);
                if (dd < bd) { bd = dd; best = a; }
            }
            assign[i] = best;
            inertia += bd;
        }
        return inertia;
    }

    private static double Dist2(double[,] x, int i, double[,] c, int a)
    {
        double s = 0;
        for (int j = 0; j < x.GetLength(1); j++) { double v = x[i, j] - c[a, j]; s += v * v; }
        return s;
    }
}
