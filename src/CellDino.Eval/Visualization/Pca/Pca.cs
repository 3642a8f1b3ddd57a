using System.Numerics.Tensors;
using CellDino.Eval.Visualization.Rendering;

namespace CellDino.Eval.Visualization;

/// <summary>
/// Principal component analysis of the rows of a matrix: the top-k eigenvectors of the sample covariance
/// (divisor N - 1), found by block power iteration on X^T X / (N - 1) with Rayleigh–Ritz refinement, so the D x D
/// covariance is never formed. Sign convention: each component's entry of largest magnitude (the first on ties) is
/// positive, so results do not depend on the iteration's start.
/// </summary>
internal sealed class Pca
{
    private const int MaxIterations = 500;

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
        var centered = new double[n][];
        for (int i = 0; i < n; i++)
        {
            centered[i] = new double[d];
            for (int j = 0; j < d; j++) centered[i][j] = x[i, j] - mean[j];
        }

        // Extra vectors speed up convergence of the wanted ones (the rate depends on the gap to the (m+1)-th eigenvalue).
        int m = Math.Min(Math.Min(n, d), k + 6);
        var rng = new Random(12345);
        var q = new double[m][];
        for (int c = 0; c < m; c++)
        {
            q[c] = new double[d];
            for (int j = 0; j < d; j++) q[c][j] = rng.NextDouble() - 0.5;
        }
        Orthonormalize(q);
        for (int iter = 0; iter < MaxIterations; iter++)
        {
            var z = ApplyCovariance(centered, q);
            var norms = z.Select(v => TensorPrimitives.Norm<double>(v)).ToArray();
            Orthonormalize(z);
            double change = 0;
            for (int c = 0; c < k; c++)
            {
                // Directions in the null space (rank < k) never settle and carry no variance: ignore them.
                if (norms[c] <= 1e-12 * Math.Max(norms[0], 1e-300)) continue;
                change = Math.Max(change, 1 - Math.Abs(TensorPrimitives.Dot<double>(z[c], q[c])));
            }
            q = z;
            // 1 - |cos| below 1e-14 means the angle to the previous iterate is below ~1.4e-7 rad.
            if (change < 1e-14 && iter > 5) break;
        }
        // Rayleigh–Ritz: diagonalise the covariance within the converged subspace.
        var cq = ApplyCovariance(centered, q);
        var t = new double[m, m];
        for (int a = 0; a < m; a++)
            for (int b = 0; b < m; b++) t[a, b] = TensorPrimitives.Dot<double>(q[a], cq[b]);
        var (values, vectors) = SymmetricEigen.Decompose(t);
        var components = new double[k, d];
        for (int c = 0; c < k; c++)
        {
            for (int a = 0; a < m; a++)
                for (int j = 0; j < d; j++) components[c, j] += q[a][j] * vectors[a, c];
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

    /// <summary>Covariance times each vector: X^T (X v) / (N - 1), with SIMD dot products and axpy.</summary>
    private static double[][] ApplyCovariance(double[][] centered, double[][] q)
    {
        int n = centered.Length, d = centered[0].Length, m = q.Length;
        var z = new double[m][];
        for (int c = 0; c < m; c++) z[c] = new double[d];
        for (int i = 0; i < n; i++)
        {
            var row = centered[i];
            for (int c = 0; c < m; c++)
                TensorPrimitives.MultiplyAdd(row, TensorPrimitives.Dot<double>(row, q[c]) / (n - 1), z[c], z[c]);
        }
        return z;
    }

    /// <summary>Modified Gram–Schmidt (two passes); a vector that collapses (rank deficiency) is replaced by the first
    /// unit basis vector independent of the previous ones.</summary>
    private static void Orthonormalize(double[][] q)
    {
        int d = q[0].Length;
        for (int c = 0; c < q.Length; c++)
        {
            var v = q[c];
            for (int attempt = 0; attempt <= d; attempt++)
            {
                if (attempt > 0)
                {
                    Array.Clear(v);
                    v[(c + attempt - 1) % d] = 1;
                }
                double before = TensorPrimitives.Norm<double>(v);
                for (int pass = 0; pass < 2; pass++)
                    for (int p = 0; p < c; p++)
                        TensorPrimitives.MultiplyAdd(q[p], -TensorPrimitives.Dot<double>(v, q[p]), v, v);
                double norm = TensorPrimitives.Norm<double>(v);
                // Nearly all of the vector lay in the span of the previous ones: what is left is rounding noise.
                if (!(norm > 1e-10 * before)) continue;
                TensorPrimitives.Divide(v, norm, v);
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
