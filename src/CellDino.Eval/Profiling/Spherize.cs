using CellDino.Data;
using static TorchSharp.torch;

namespace CellDino.Eval.Profiling;

/// <summary>
/// Sphering (whitening) batch correction fitted on negative-control profiles and applied to every profile:
/// output = ((x − μ) [/ σ]) · W. Equal to pycytominer v1.2 <c>Spherize</c> (centered SVD, ε added to the singular
/// values) for <see cref="SpherizeMethod.Zca"/>, <see cref="SpherizeMethod.ZcaCor"/>, <see cref="SpherizeMethod.Pca"/>,
/// <see cref="SpherizeMethod.PcaCor"/>, and to the Cell-DINO formula for <see cref="SpherizeMethod.ZcaCellDino"/>.
/// Computed in float64 (LAPACK through TorchSharp).
/// </summary>
public sealed class Spherize
{
    private readonly double[] _mean;
    private readonly double[]? _std;
    private readonly double[,] _w;

    private Spherize(SpherizeMethod method, double epsilon, double[] mean, double[]? std, double[,] w)
    {
        Method = method;
        Epsilon = epsilon;
        _mean = mean;
        _std = std;
        _w = w;
    }

    /// <summary>The whitening variant.</summary>
    public SpherizeMethod Method { get; }

    /// <summary>ε added to the singular values (pycytominer methods) or λ added to the eigenvalues (Cell-DINO).</summary>
    public double Epsilon { get; }

    /// <summary>Number of features.</summary>
    public int FeatureCount => _mean.Length;

    /// <summary>Control means (copy).</summary>
    public double[] Mean => (double[])_mean.Clone();

    /// <summary>Control population standard deviations (copy; −cor methods only, else null). A zero is replaced by 1 as scikit-learn's StandardScaler does.</summary>
    public double[]? Std => (double[]?)_std?.Clone();

    /// <summary>The whitening matrix [features, features], applied as row · W (copy).</summary>
    public double[,] W => (double[,])_w.Clone();

    /// <summary>
    /// The names of the <see cref="SpherizeMethod"/> values (<c>celldino profile --sphering</c>, the
    /// <c>celldino.sphering</c> provenance key): zca-celldino, zca, zca-cor, pca, pca-cor.
    /// </summary>
    public static EnumNames<SpherizeMethod> MethodNames { get; } = new(
        ("zca-celldino", SpherizeMethod.ZcaCellDino), ("zca", SpherizeMethod.Zca), ("zca-cor", SpherizeMethod.ZcaCor),
        ("pca", SpherizeMethod.Pca), ("pca-cor", SpherizeMethod.PcaCor));

    /// <summary>Default ε: 1e-6 for the pycytominer methods, λ = 1e-5 for the Cell-DINO variant.</summary>
    public static double DefaultEpsilon(SpherizeMethod method) => method == SpherizeMethod.ZcaCellDino ? 1e-5 : 1e-6;

    /// <summary>Fits on the rows of <paramref name="profiles"/> flagged in <paramref name="isControl"/>.</summary>
    public static Spherize Fit(double[,] profiles, ReadOnlySpan<bool> isControl, SpherizeMethod method = SpherizeMethod.Zca, double? epsilon = null)
    {
        int n = profiles.GetLength(0), d = profiles.GetLength(1);
        if (isControl.Length != n) throw new ArgumentException($"isControl has {isControl.Length} entries but profiles has {n} rows.", nameof(isControl));
        int nc = 0;
        foreach (var c in isControl) if (c) nc++;
        var controls = new double[nc, d];
        for (int i = 0, r = 0; i < n; i++)
        {
            if (!isControl[i]) continue;
            for (int j = 0; j < d; j++) controls[r, j] = profiles[i, j];
            r++;
        }
        return Fit(controls, method, epsilon);
    }

    /// <summary>Fits on a matrix of control profiles [controls, features].</summary>
    public static Spherize Fit(double[,] controls, SpherizeMethod method = SpherizeMethod.Zca, double? epsilon = null)
    {
        int n = controls.GetLength(0), d = controls.GetLength(1);
        double eps = epsilon ?? DefaultEpsilon(method);
        if (!(eps >= 0) || double.IsInfinity(eps)) throw new ArgumentOutOfRangeException(nameof(epsilon), eps, "epsilon must be a finite number >= 0.");
        if (d == 0) throw new ArgumentException("profiles have no feature column.", nameof(controls));
        // The centered control matrix has rank <= n-1: pycytominer's SVD whitening needs n-1 >= d to be defined;
        // the Cell-DINO variant is regularized by lambda and only needs a covariance (n >= 2).
        int needed = method == SpherizeMethod.ZcaCellDino ? 2 : d + 1;
        if (n < needed)
            throw new ArgumentException($"{method} sphering needs at least {needed} control rows for {d} features, got {n}.", nameof(controls));
        CheckFinite(controls, "controls");

        var mean = new double[d];
        for (int i = 0; i < n; i++) for (int j = 0; j < d; j++) mean[j] += controls[i, j];
        for (int j = 0; j < d; j++) mean[j] /= n;
        double[]? std = null;
        if (method is SpherizeMethod.ZcaCor or SpherizeMethod.PcaCor)
        {
            std = new double[d];
            for (int i = 0; i < n; i++) for (int j = 0; j < d; j++) { double v = controls[i, j] - mean[j]; std[j] += v * v; }
            for (int j = 0; j < d; j++)
            {
                std[j] = Math.Sqrt(std[j] / n);
                if (std[j] == 0) std[j] = 1.0;
            }
        }
        var xc = Center(controls, mean, std);

        using var scope = NewDisposeScope();
        var x = tensor(Flatten(xc), [n, d], ScalarType.Float64);
        Tensor w;
        if (method == SpherizeMethod.ZcaCellDino)
        {
            var cov = x.t().matmul(x) / n;
            var (e, v) = linalg.eigh(cov);
            // Round-off can make a zero eigenvalue slightly negative; the formula assumes e >= 0.
            var scale = (e.clamp_min(0) + eps).rsqrt();
            w = (v * scale.unsqueeze(0)).matmul(v.t());
        }
        else
        {
            var (_, s, vh) = linalg.svd(x, fullMatrices: false);
            var scale = Math.Sqrt(n - 1) / (s + eps);
            var vs = vh.t() * scale.unsqueeze(0);
            w = method is SpherizeMethod.Zca or SpherizeMethod.ZcaCor ? vs.matmul(vh) : vs;
        }
        var wArr = w.contiguous().data<double>().ToArray();
        var wm = new double[d, d];
        Buffer.BlockCopy(wArr, 0, wm, 0, wArr.Length * sizeof(double));
        return new Spherize(method, eps, mean, std, wm);
    }

    /// <summary>Fits on the control rows and transforms all rows.</summary>
    public static double[,] FitTransform(double[,] profiles, ReadOnlySpan<bool> isControl, SpherizeMethod method = SpherizeMethod.Zca, double? epsilon = null) =>
        Fit(profiles, isControl, method, epsilon).Transform(profiles);

    /// <summary>Applies the fitted whitening to every row of <paramref name="profiles"/>.</summary>
    public double[,] Transform(double[,] profiles)
    {
        int n = profiles.GetLength(0), d = profiles.GetLength(1);
        if (d != FeatureCount) throw new ArgumentException($"profiles have {d} features but the sphering was fitted on {FeatureCount}.", nameof(profiles));
        CheckFinite(profiles, "profiles");
        var xc = Center(profiles, _mean, _std);
        var y = new double[n, d];
        for (int i = 0; i < n; i++)
            for (int k = 0; k < d; k++)
            {
                double v = xc[i, k];
                if (v == 0) continue;
                for (int j = 0; j < d; j++) y[i, j] += v * _w[k, j];
            }
        return y;
    }

    private static double[,] Center(double[,] x, double[] mean, double[]? std)
    {
        int n = x.GetLength(0), d = x.GetLength(1);
        var c = new double[n, d];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < d; j++)
                c[i, j] = std is null ? x[i, j] - mean[j] : (x[i, j] - mean[j]) / std[j];
        return c;
    }

    private static double[] Flatten(double[,] a)
    {
        var f = new double[a.Length];
        Buffer.BlockCopy(a, 0, f, 0, f.Length * sizeof(double));
        return f;
    }

    private static void CheckFinite(double[,] a, string name)
    {
        for (int i = 0; i < a.GetLength(0); i++)
            for (int j = 0; j < a.GetLength(1); j++)
                if (!double.IsFinite(a[i, j])) throw new ArgumentException($"{name}[{i}, {j}] is {a[i, j]}: profiles must be finite (impute or drop NaN features first).", name);
    }
}
