namespace CellDino.Eval.Visualization;

/// <summary>
/// UMAP's fuzzy topological representation of the kNN graph (McInnes et al. 2018, §3.1 and Algorithms 2–3):
/// per-point ρ (distance to the nearest distinct neighbour) and σ (binary search so that
/// Σ_j exp(-(d_ij - ρ_i) / σ_i) = log2 k), directed memberships exp(-(d_ij - ρ_i) / σ_i), and the fuzzy union
/// w = a + b - a·b of the two directions.
/// </summary>
internal static class FuzzySimplicialSet
{
    private const double Tolerance = 1e-5;
    private const double MinKDistScale = 1e-3;

    /// <summary>Per-point (ρ, σ) from sorted neighbour distances (column 0 is the point itself).</summary>
    public static (double[] Rho, double[] Sigma) SmoothKnnDistances(float[,] dist)
    {
        int n = dist.GetLength(0), k = dist.GetLength(1);
        double target = Math.Log2(k);
        double meanAll = 0;
        foreach (var v in dist) meanAll += v;
        meanAll /= dist.Length;
        var rho = new double[n];
        var sigma = new double[n];
        // Rows are independent: each writes only its own ρ and σ, so the result does not depend on scheduling.
        var options = new ParallelOptions { MaxDegreeOfParallelism = Core.ThreadingPolicy.Cores };
        Parallel.For(0, n, options, i =>
        {
            // Local connectivity 1: ρ is the first strictly positive distance, so each point connects fully to at least one neighbour.
            double mean = 0;
            for (int j = 0; j < k; j++)
            {
                mean += dist[i, j];
                if (rho[i] == 0 && dist[i, j] > 0) rho[i] = dist[i, j];
            }
            mean /= k;
            double lo = 0, hi = double.PositiveInfinity, mid = 1;
            for (int iter = 0; iter < 64; iter++)
            {
                double sum = 0;
                for (int j = 1; j < k; j++)
                {
                    double d = dist[i, j] - rho[i];
                    sum += d > 0 ? Math.Exp(-d / mid) : 1;
                }
                if (Math.Abs(sum - target) < Tolerance) break;
                if (sum > target) { hi = mid; mid = (lo + hi) / 2; }
                else { lo = mid; mid = double.IsPositiveInfinity(hi) ? mid * 2 : (lo + hi) / 2; }
            }
            // Floor σ so points in very dense or duplicated regions do not get infinitely sharp kernels.
            double floor = MinKDistScale * (rho[i] > 0 ? mean : meanAll);
            sigma[i] = Math.Max(mid, floor);
        });
        return (rho, sigma);
    }

    /// <summary>Symmetric fuzzy graph as edges (both directions, sorted by head then tail) with weights in (0, 1].</summary>
    /// <remarks>
    /// Each directed membership i → t is listed twice, once under key (i, t) and once under (t, i); after one sort by key
    /// an entry that meets its partner holds both directions a, b, and one that does not has b = 0. The union
    /// a + b − a·b is symmetric in a and b, so it is the same for both keys whatever order the sort leaves equal keys in.
    /// </remarks>
    public static (int[] Head, int[] Tail, double[] Weight) Build(int[,] index, float[,] dist)
    {
        int n = index.GetLength(0), k = index.GetLength(1);
        var (rho, sigma) = SmoothKnnDistances(dist);
        var keys = new long[2 * n * (k - 1)];
        var values = new double[keys.Length];
        int m = 0;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < k; j++)
            {
                int t = index[i, j];
                if (t == i) continue;
                double d = dist[i, j] - rho[i];
                double w = d <= 0 || sigma[i] == 0 ? 1 : Math.Exp(-d / sigma[i]);
                keys[m] = (long)i * n + t; values[m++] = w;
                keys[m] = (long)t * n + i; values[m++] = w;
            }
        Array.Sort(keys, values, 0, m);
        var head = new List<int>(m);
        var tail = new List<int>(m);
        var weight = new List<double>(m);
        for (int e = 0; e < m;)
        {
            bool pair = e + 1 < m && keys[e + 1] == keys[e];
            double a = values[e], b = pair ? values[e + 1] : 0;
            double w = a + b - a * b;
            if (w > 0)
            {
                head.Add((int)(keys[e] / n)); tail.Add((int)(keys[e] % n)); weight.Add(w);
            }
            e += pair ? 2 : 1;
        }
        return (head.ToArray(), tail.ToArray(), weight.ToArray());
    }
}
