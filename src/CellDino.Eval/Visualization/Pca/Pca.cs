using CellDino.Eval.Visualization.Rendering;

namespace CellDino.Eval.Visualization;

/// <summary>
/// Principal component analysis of the rows of a matrix: the top-k eigenvectors of the sample covariance
/// (divisor N - 1), found by block power iteration on X^T X with Rayleigh–Ritz refinement, so the D x D covariance is
/// never formed. Sign convention: each component's entry of largest magnitude (first such on ties) is positive, so
/// results do not depend on the iteration's start.
/// </summary>
public sealed class Pca
{
    private Pca(double[] mean, double[,] components, double[] variance)
    {
        Mean = mean;
        Components = components;
        ExplainedVariance = variance;
    }

    /// <summary>Per-feature mean subtracted before projecting, length D.</summary>
    public double[] Mean { get; }

    /// <summary>[k, D] unit principal axes, by decreasing variance.</summary>
    public double[,] Components { get; }

    /// <summary>Variance along each component (covariance eigenvalues), length k.</summary>
    public double[] ExplainedVariance { get; }

    /// <summary>Fits <paramref name="k"/> components to the rows of <paramref name="x"/> [N, D] (N ≥ 2, k ≤ min(N, D)).</summary>
    public static Pca Fit(float[,] x, int k)
    {
        ArgumentNullException.ThrowIfNull(x);
        int n = x.GetLength(0), d = x.GetLength(1);
        if (n < 2 || d < 1) throw new ArgumentException($"PCA needs at least 2 rows and 1 column, got [{n}, {d}].", nameof(x));
        if (k < 1 || k > Math.Min(n, d)) throw new ArgumentOutOfRangeException(nameof(k), $"k = {k} must be in [1, min(N, D) = {Math.Min(n, d)}].");
        Check.Finite(x, nameof(x));
        var mean = new double[d];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < d; j++) mean[j] += x[i, j];
        for (int j = 0; j < d; j++) mean[j] /= n;
        var centered = new double[n, d];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < d; j++) centered[i, j] = x[i, j] - mean[j];

        // A few extra vectors speed up convergence of the wanted ones (gap to the (m+1)-th eigenvalue, not the (k+1)-th).
        int m = Math.Min(Math.Min(n, d), k + 4);
        var q = new double[d, m];
        var rng = new Random(12345);
        for (int j = 0; j < d; j++)
            for (int c = 0; c < m; c++) q[j, c] = rng.NextDouble() - 0.5;
        Orthonormalize(q);
        for (int iter = 0; iter < 2000; iter++)
        {
            var z = ApplyCovariance(centered, q);
            var norms = ColumnNorms(z);
            Orthonormalize(z);
            double change = 0;
            for (int c = 0; c < k; c++)
            {
                // Directions in the null space (rank < k) never settle and carry no variance: ignore them.
                if (norms[c] <= 1e-12 * Math.Max(norms[0], 1e-300)) continue;
                double dot = 0;
                for (int j = 0; j < d; j++) dot += z[j, c] * q[j, c];
                change = Math.Max(change, 1 - Math.Abs(dot));
            }
            q = z;
            if (change < 1e-13 && iter > 5) break;
        }
        // Rayleigh–Ritz: diagonalise the covariance within the converged subspace.
        var cq = ApplyCovariance(centered, q);
        var t = new double[m, m];
        for (int a = 0; a < m; a++)
            for (int b = 0; b < m; b++)
                for (int j = 0; j < d; j++) t[a, b] += q[j, a] * cq[j, b];
        var (values, vectors) = SymmetricEigen.Decompose(t);
        var components = new double[k, d];
        for (int c = 0; c < k; c++)
        {
            for (int j = 0; j < d; j++)
                for (int a = 0; a < m; a++) components[c, j] += q[j, a] * vectors[a, c];
            FixSign(components, c, d);
        }
        return new Pca(mean, components, values.Take(k).Select(v => Math.Max(v, 0)).ToArray());
    }

    /// <summary>Projects rows of <paramref name="x"/> [M, D] onto the components: [M, k].</summary>
    public float[,] Transform(float[,] x)
    {
        ArgumentNullException.ThrowIfNull(x);
        int rows = x.GetLength(0), d = Mean.Length, k = ExplainedVariance.Length;
        if (x.GetLength(1) != d) throw new ArgumentException($"x has {x.GetLength(1)} columns but the PCA was fitted on {d}.", nameof(x));
        var y = new float[rows, k];
        for (int i = 0; i < rows; i++)
            for (int c = 0; c < k; c++)
            {
                double s = 0;
                for (int j = 0; j < d; j++) s += (x[i, j] - Mean[j]) * Components[c, j];
                y[i, c] = (float)s;
            }
        return y;
    }

    private static double[,] ApplyCovariance(double[,] centered, double[,] q)
    {
        int n = centered.GetLength(0), d = centered.GetLength(1), m = q.GetLength(1);
        var xq = new double[n, m];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < d; j++)
            {
                double v = centered[i, j];
                for (int c = 0; c < m; c++) xq[i, c] += v * q[j, c];
            }
        var z = new double[d, m];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < d; j++)
            {
                double v = centered[i, j] / (n - 1);
                for (int c = 0; c < m; c++) z[j, c] += v * xq[i, c];
            }
        return z;
    }

    private static double[] ColumnNorms(double[,] z)
    {
        int d = z.GetLength(0), m = z.GetLength(1);
        var norms = new double[m];
        for (int c = 0; c < m; c++)
        {
            double s = 0;
            for (int j = 0; j < d; j++) s += z[j, c] * z[j, c];
            norms[c] = Math.Sqrt(s);
        }
        return norms;
    }

    /// <summary>Modified Gram–Schmidt (two passes) on the columns; a column that collapses (rank deficiency) is replaced
    /// by the first unit basis vector independent of the previous columns.</summary>
    private static void Orthonormalize(double[,] q)
    {
        int d = q.GetLength(0), m = q.GetLength(1);
        for (int c = 0; c < m; c++)
        {
            for (int attempt = 0; attempt <= d; attempt++)
            {
                if (attempt > 0)
                    for (int j = 0; j < d; j++) q[j, c] = j == (c + attempt - 1) % d ? 1 : 0;
                double before = 0;
                for (int j = 0; j < d; j++) before += q[j, c] * q[j, c];
                before = Math.Sqrt(before);
                for (int pass = 0; pass < 2; pass++)
                    for (int p = 0; p < c; p++)
                    {
                        double dot = 0;
                        for (int j = 0; j < d; j++) dot += q[j, c] * q[j, p];
                        for (int j = 0; j < d; j++) q[j, c] -= dot * q[j, p];
                    }
                double norm = 0;
                for (int j = 0; j < d; j++) norm += q[j, c] * q[j, c];
                norm = Math.Sqrt(norm);
                // Nearly all of the column lay in the span of the previous ones: what is left is rounding noise.
                if (!(norm > 1e-10 * before)) continue;
                for (int j = 0; j < d; j++) q[j, c] /= norm;
                break;
            }
        }
    }

    private static void FixSign(double[,] comp, int c, int d)
    {
        int best = 0;
        for (int j = 1; j < d; j++)
            if (Math.Abs(comp[c, j]) > Math.Abs(comp[c, best]) + 1e-12) best = j;
        if (comp[c, best] < 0)
            for (int j = 0; j < d; j++) comp[c, j] = -comp[c, j];
    }
}
