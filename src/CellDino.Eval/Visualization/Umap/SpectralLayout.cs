namespace CellDino.Eval.Visualization;

/// <summary>
/// Spectral initialisation: the eigenvectors of the symmetric normalised Laplacian I - D^{-1/2} W D^{-1/2} with the
/// smallest non-trivial eigenvalues, i.e. the largest of M = D^{-1/2} W D^{-1/2} after removing the trivial vector
/// √d. Found by block power iteration on (I + M) / 2 (same eigenvectors, spectrum in [0, 1]) with Rayleigh–Ritz.
/// </summary>
internal static class SpectralLayout
{
    /// <summary>Returns [N, dim] coordinates, or null when the graph is too small or the iteration breaks down.</summary>
    public static double[,]? Compute(int n, int[] head, int[] tail, double[] weight, int dim, Random rng)
    {
        int m = dim + 2;
        if (n <= m + 1) return null;
        var degree = new double[n];
        for (int e = 0; e < head.Length; e++) degree[head[e]] += weight[e];
        var invSqrt = new double[n];
        var trivial = new double[n];
        double tn = 0;
        for (int i = 0; i < n; i++)
        {
            invSqrt[i] = degree[i] > 0 ? 1 / Math.Sqrt(degree[i]) : 0;
            trivial[i] = Math.Sqrt(degree[i]);
            tn += degree[i];
        }
        if (tn <= 0) return null;
        for (int i = 0; i < n; i++) trivial[i] /= Math.Sqrt(tn);

        var q = new double[m][];
        for (int c = 0; c < m; c++)
        {
            q[c] = new double[n];
            for (int i = 0; i < n; i++) q[c][i] = rng.NextDouble() - 0.5;
        }
        if (!Orthonormalize(q, trivial)) return null;
        for (int iter = 0; iter < 300; iter++)
        {
            for (int c = 0; c < m; c++) q[c] = Apply(q[c], head, tail, weight, invSqrt);
            if (!Orthonormalize(q, trivial)) return null;
        }
        // Rayleigh–Ritz within the subspace, then keep the dim leading vectors.
        var mq = q.Select(v => Apply(v, head, tail, weight, invSqrt)).ToArray();
        var t = new double[m, m];
        for (int a = 0; a < m; a++)
            for (int b = 0; b < m; b++)
            {
                double s = 0;
                for (int i = 0; i < n; i++) s += q[a][i] * mq[b][i];
                t[a, b] = s;
            }
        var (_, vectors) = SymmetricEigen.Decompose(t);
        var result = new double[n, dim];
        for (int c = 0; c < dim; c++)
            for (int i = 0; i < n; i++)
            {
                double s = 0;
                for (int a = 0; a < m; a++) s += q[a][i] * vectors[a, c];
                if (!double.IsFinite(s)) return null;
                result[i, c] = s;
            }
        return result;
    }

    private static double[] Apply(double[] v, int[] head, int[] tail, double[] weight, double[] invSqrt)
    {
        var r = new double[v.Length];
        for (int e = 0; e < head.Length; e++) r[head[e]] += weight[e] * invSqrt[head[e]] * invSqrt[tail[e]] * v[tail[e]];
        for (int i = 0; i < v.Length; i++) r[i] = 0.5 * (v[i] + r[i]);
        return r;
    }

    /// <summary>Gram–Schmidt against the trivial vector and each other; false when a column collapses.</summary>
    private static bool Orthonormalize(double[][] q, double[] trivial)
    {
        for (int c = 0; c < q.Length; c++)
        {
            for (int pass = 0; pass < 2; pass++)
            {
                Remove(q[c], trivial);
                for (int p = 0; p < c; p++) Remove(q[c], q[p]);
            }
            double norm = Math.Sqrt(q[c].Sum(x => x * x));
            if (!(norm > 1e-200)) return false;
            for (int i = 0; i < q[c].Length; i++) q[c][i] /= norm;
        }
        return true;
    }

    private static void Remove(double[] v, double[] u)
    {
        double dot = 0;
        for (int i = 0; i < v.Length; i++) dot += v[i] * u[i];
        for (int i = 0; i < v.Length; i++) v[i] -= dot * u[i];
    }
}
