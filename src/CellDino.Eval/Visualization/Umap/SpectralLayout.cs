namespace CellDino.Eval.Visualization;

/// <summary>
/// Spectral initialisation: the eigenvectors of the symmetric normalised Laplacian I - D^{-1/2} W D^{-1/2} with the
/// smallest non-trivial eigenvalues, i.e. the largest of M = D^{-1/2} W D^{-1/2} after removing the trivial vector
/// √d. Found by block power iteration on (I + M) / 2 (same eigenvectors, spectrum in [0, 1]) with Rayleigh–Ritz, until
/// the leading Ritz pairs' residuals ‖M v − θ v‖ fall below 1e-4 (the tolerance umap-learn gives ARPACK) or
/// <see cref="MaxIterations"/> pass. Unconverged iterates are still smooth on the graph, dominated by its low-frequency
/// eigenvectors, and the SGD only needs a start that keeps neighbours together, so they are used as they are (umap-learn
/// instead falls back to a random start when ARPACK fails). Products run over CSR rows in parallel, each row written by
/// one thread, so the result does not depend on scheduling.
/// </summary>
internal static class SpectralLayout
{
    /// <summary>Cap on power iterations (each costs one sparse product of the block).</summary>
    internal const int MaxIterations = 300;

    private const double Tolerance = 1e-4;
    private const int CheckEvery = 10;

    /// <summary>Returns [N, dim] coordinates, or null when the graph is too small or the iteration breaks down.</summary>
    /// <param name="n">Points.</param>
    /// <param name="head">Edge heads, ascending (both directions of every edge are listed).</param>
    /// <param name="tail">Edge tails.</param>
    /// <param name="weight">Edge weights.</param>
    /// <param name="dim">Coordinates wanted.</param>
    /// <param name="rng">Source of the random start.</param>
    public static double[,]? Compute(int n, int[] head, int[] tail, double[] weight, int dim, Random rng)
    {
        int m = dim + 2;
        if (n <= m + 1) return null;
        var rowStart = new int[n + 1];
        foreach (int h in head) rowStart[h + 1]++;
        for (int i = 0; i < n; i++) rowStart[i + 1] += rowStart[i];
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
        // Symmetric normalised weights, computed once.
        var normalised = new double[weight.Length];
        for (int e = 0; e < weight.Length; e++) normalised[e] = weight[e] * invSqrt[head[e]] * invSqrt[tail[e]];
        var graph = new Csr(rowStart, tail, normalised);

        // The block lives row-major, [n, m], so one pass over a CSR row updates all m columns.
        var q = new double[n * m];
        for (int i = 0; i < q.Length; i++) q[i] = rng.NextDouble() - 0.5;
        if (!Orthonormalize(q, m, trivial)) return null;
        var z = new double[n * m];
        for (int iter = 1; iter <= MaxIterations; iter++)
        {
            graph.ApplyHalfShifted(q, z, m);
            if (iter % CheckEvery == 0 && Converged(q, z, m, dim)) break;
            (q, z) = (z, q);
            if (!Orthonormalize(q, m, trivial)) return null;
        }
        // Rayleigh–Ritz within the subspace, then keep the dim leading vectors.
        graph.ApplyHalfShifted(q, z, m);
        var (_, vectors) = SymmetricEigen.Decompose(Gram(q, z, m));
        var result = new double[n, dim];
        for (int i = 0; i < n; i++)
            for (int c = 0; c < dim; c++)
            {
                double s = 0;
                for (int a = 0; a < m; a++) s += q[i * m + a] * vectors[a, c];
                if (!double.IsFinite(s)) return null;
                result[i, c] = s;
            }
        return result;
    }

    /// <summary>Whether the dim leading Ritz pairs of the block q (with z = ((I + M) / 2) q) have residuals below tolerance.</summary>
    private static bool Converged(double[] q, double[] z, int m, int dim)
    {
        var (values, vectors) = SymmetricEigen.Decompose(Gram(q, z, m));
        int n = q.Length / m;
        for (int c = 0; c < dim; c++)
        {
            double r2 = 0;
            for (int i = 0; i < n; i++)
            {
                double mv = 0, v = 0;
                for (int a = 0; a < m; a++) { mv += z[i * m + a] * vectors[a, c]; v += q[i * m + a] * vectors[a, c]; }
                double r = mv - values[c] * v;
                r2 += r * r;
            }
            // Residual of (I + M) / 2 is half that of M.
            if (!(2 * Math.Sqrt(r2) < Tolerance)) return false;
        }
        return true;
    }

    /// <summary>qᵀ z, [m, m].</summary>
    private static double[,] Gram(double[] q, double[] z, int m)
    {
        var t = new double[m, m];
        int n = q.Length / m;
        for (int i = 0; i < n; i++)
            for (int a = 0; a < m; a++)
                for (int b = 0; b < m; b++) t[a, b] += q[i * m + a] * z[i * m + b];
        // Symmetrise the rounding so the Jacobi solver sees an exactly symmetric matrix.
        for (int a = 0; a < m; a++)
            for (int b = a + 1; b < m; b++) t[a, b] = t[b, a] = 0.5 * (t[a, b] + t[b, a]);
        return t;
    }

    /// <summary>Gram–Schmidt (twice) of the columns against the trivial vector and each other; false when a column collapses.</summary>
    private static bool Orthonormalize(double[] q, int m, double[] trivial)
    {
        int n = trivial.Length;
        for (int c = 0; c < m; c++)
        {
            for (int pass = 0; pass < 2; pass++)
            {
                Remove(q, m, c, trivial, 1, 0);
                for (int p = 0; p < c; p++) Remove(q, m, c, q, m, p);
            }
            double norm = 0;
            for (int i = 0; i < n; i++) norm += q[i * m + c] * q[i * m + c];
            norm = Math.Sqrt(norm);
            if (!(norm > 1e-200)) return false;
            for (int i = 0; i < n; i++) q[i * m + c] /= norm;
        }
        return true;
    }

    /// <summary>Removes from column c of q its projection on column p of u (stride s).</summary>
    private static void Remove(double[] q, int m, int c, double[] u, int s, int p)
    {
        int n = q.Length / m;
        double dot = 0;
        for (int i = 0; i < n; i++) dot += q[i * m + c] * u[i * s + p];
        for (int i = 0; i < n; i++) q[i * m + c] -= dot * u[i * s + p];
    }

    private sealed record Csr(int[] RowStart, int[] Column, double[] Value)
    {
        /// <summary>z = ((I + M) / 2) q for a row-major [n, m] block.</summary>
        public void ApplyHalfShifted(double[] q, double[] z, int m)
        {
            int n = RowStart.Length - 1;
            var options = new ParallelOptions { MaxDegreeOfParallelism = Core.ThreadingPolicy.Cores };
            Parallel.ForEach(System.Collections.Concurrent.Partitioner.Create(0, n, 4096), options, range =>
            {
                Span<double> acc = stackalloc double[m];
                for (int i = range.Item1; i < range.Item2; i++)
                {
                    acc.Clear();
                    for (int e = RowStart[i]; e < RowStart[i + 1]; e++)
                    {
                        double w = Value[e];
                        int j = Column[e] * m;
                        for (int a = 0; a < m; a++) acc[a] += w * q[j + a];
                    }
                    for (int a = 0; a < m; a++) z[i * m + a] = 0.5 * (q[i * m + a] + acc[a]);
                }
            });
        }
    }
}
