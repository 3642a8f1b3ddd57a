using static TorchSharp.torch;

namespace CellDino.Eval.Metrics;

/// <summary>
/// Multinomial L2-penalized logistic regression, the optimum scikit-learn's <c>LogisticRegression(C, multi_class=
/// 'multinomial')</c> converges to: minimize C·Σᵢ −log softmax(W xᵢ + b)[yᵢ] + ½‖W‖² (the intercept b is not
/// penalized). Solved by damped Newton steps with a backtracking line search in float64 (TorchSharp); the
/// probabilities are unique, the intercepts only up to a common shift (returned centered: Σ b = 0).
/// </summary>
public sealed class LogisticRegression
{
    private readonly double[,] _coef;
    private readonly double[] _intercept;

    private LogisticRegression(double[,] coef, double[] intercept, int iterations, double maxAbsGradient, bool converged)
    {
        _coef = coef;
        _intercept = intercept;
        Iterations = iterations;
        MaxAbsGradient = maxAbsGradient;
        Converged = converged;
    }

    /// <summary>
    /// Whether the fit met its stop rule within <c>maxIter</c> iterations (false: the result is the last iterate, e.g. on
    /// nearly separable data with a large C).
    /// </summary>
    public bool Converged { get; }

    /// <summary>Weights [classes, features] (copy).</summary>
    public double[,] Coef => (double[,])_coef.Clone();

    /// <summary>Intercepts [classes], centered (copy).</summary>
    public double[] Intercept => (double[])_intercept.Clone();

    /// <summary>Newton iterations run.</summary>
    public int Iterations { get; }

    /// <summary>Largest absolute gradient entry of the objective at the solution.</summary>
    public double MaxAbsGradient { get; }

    /// <summary>Fits the model.</summary>
    /// <param name="x">[samples, features], finite.</param>
    /// <param name="y">[samples] labels in 0..numClasses−1.</param>
    /// <param name="numClasses">Number of classes (≥ 2).</param>
    /// <param name="c">Inverse regularization strength (scikit-learn's C).</param>
    /// <param name="maxIter">Maximum Newton iterations.</param>
    /// <param name="tolerance">
    /// Relative stop rule: stop when the largest absolute gradient entry is at most <c>tolerance · max(1, |objective|)</c>,
    /// (an absolute gradient bound cannot be reached by an objective of size 10³ in float64: the old rule ran 58 extra
    /// Newton iterations after converging). A line search that finds no decrease ends the fit as not converged.
    /// </param>
    public static LogisticRegression Fit(double[,] x, ReadOnlySpan<int> y, int numClasses, double c = 1.0, int maxIter = 100, double tolerance = 1e-10)
    {
        int n = x.GetLength(0), d = x.GetLength(1);
        InputChecks.SameLength(n, y.Length, "x rows", "y");
        InputChecks.NotEmpty(n, "x");
        InputChecks.Finite(x, nameof(x));
        if (numClasses < 2) throw new ArgumentOutOfRangeException(nameof(numClasses), numClasses, "At least two classes are required.");
        if (!(c > 0) || !double.IsFinite(c)) throw new ArgumentOutOfRangeException(nameof(c), c, "C must be positive and finite.");
        var onehot = new double[n * numClasses];
        for (int i = 0; i < n; i++)
        {
            if ((uint)y[i] >= (uint)numClasses) throw new ArgumentException($"y[{i}] is {y[i]}: labels must be in 0..{numClasses - 1}.", nameof(y));
            onehot[i * numClasses + y[i]] = 1;
        }

        using var scope = NewDisposeScope();
        int p = d + 1;
        var xt = cat([tensor(Flatten(x), [n, d], ScalarType.Float64), ones(n, 1, ScalarType.Float64)], 1);
        var yt = tensor(onehot, [n, numClasses], ScalarType.Float64);
        // Penalty mask: 1 on weights, 0 on the intercept column.
        var mask = cat([ones(numClasses, d, ScalarType.Float64), zeros(numClasses, 1, ScalarType.Float64)], 1);
        var theta = zeros(numClasses, p, ScalarType.Float64);
        double Objective(Tensor th)
        {
            using var s = NewDisposeScope();
            var z = xt.matmul(th.t());
            var nll = (z.logsumexp(1) - (z * yt).sum([1])).sum();
            return (c * nll + 0.5 * (th * th * mask).sum()).item<double>();
        }

        int it = 0;
        double gmax = double.PositiveInfinity;
        double f = Objective(theta);
        bool converged = false;
        for (; it < maxIter; it++)
        {
            using var step = NewDisposeScope();
            var prob = xt.matmul(theta.t()).softmax(1);
            var grad = c * (prob - yt).t().matmul(xt) + theta * mask;
            gmax = grad.abs().max().item<double>();
            if (gmax <= tolerance * Math.Max(1, Math.Abs(f)))
            {
                converged = true;
                break;
            }
            var h = Hessian(xt, prob, c, mask);
            // A tiny damping keeps the system regular along the unpenalized common intercept shift (a null direction).
            var delta = linalg.solve(h + 1e-10 * eye(h.shape[0], dtype: ScalarType.Float64), grad.reshape(-1)).reshape(numClasses, p);
            double slope = (grad * delta).sum().item<double>();
            double t = 1.0;
            Tensor next = theta - delta;
            double fNext = Objective(next);
            // Near the optimum the decrease falls below float64 resolution of the objective while the full Newton step
            // still shrinks the gradient: take it, and let the gradient rule stop the next iteration.
            bool flat = Math.Abs(fNext - f) <= 1e-12 * Math.Max(1, Math.Abs(f));
            while (!flat && fNext > f - 1e-4 * t * slope && t > 1e-10)
            {
                t *= 0.5;
                next = theta - t * delta;
                fNext = Objective(next);
            }
            if (!flat && !(fNext < f)) break; // stalled: reported as not converged
            theta = next.MoveToOuterDisposeScope();
            f = fNext;
        }
        var th = theta.cpu();
        var arr = th.data<double>().ToArray();
        var coef = new double[numClasses, d];
        var intercept = new double[numClasses];
        for (int k = 0; k < numClasses; k++)
        {
            for (int j = 0; j < d; j++) coef[k, j] = arr[k * p + j];
            intercept[k] = arr[k * p + d];
        }
        double mean = intercept.Average();
        for (int k = 0; k < numClasses; k++) intercept[k] -= mean;
        return new LogisticRegression(coef, intercept, it, gmax, converged);
    }

    /// <summary>Class probabilities [samples, classes] (softmax of the linear scores).</summary>
    public double[,] PredictProba(double[,] x)
    {
        int n = x.GetLength(0), d = x.GetLength(1), k = _intercept.Length;
        if (d != _coef.GetLength(1)) throw new ArgumentException($"x has {d} features but the model was fitted on {_coef.GetLength(1)}.", nameof(x));
        InputChecks.Finite(x, nameof(x));
        var prob = new double[n, k];
        var z = new double[k];
        for (int i = 0; i < n; i++)
        {
            double mx = double.NegativeInfinity;
            for (int a = 0; a < k; a++)
            {
                double s = _intercept[a];
                for (int j = 0; j < d; j++) s += _coef[a, j] * x[i, j];
                z[a] = s;
                mx = Math.Max(mx, s);
            }
            double sum = 0;
            for (int a = 0; a < k; a++) { z[a] = Math.Exp(z[a] - mx); sum += z[a]; }
            for (int a = 0; a < k; a++) prob[i, a] = z[a] / sum;
        }
        return prob;
    }

    /// <summary>Most probable class of each row (first on a tie).</summary>
    public int[] Predict(double[,] x)
    {
        var p = PredictProba(x);
        var pred = new int[p.GetLength(0)];
        for (int i = 0; i < pred.Length; i++)
            for (int a = 1; a < p.GetLength(1); a++)
                if (p[i, a] > p[i, pred[i]]) pred[i] = a;
        return pred;
    }

    /// <summary>Hessian of the objective, parameters flattened row-major over [classes, features + 1].</summary>
    private static Tensor Hessian(Tensor xt, Tensor prob, double c, Tensor mask)
    {
        int k = (int)prob.shape[1], p = (int)xt.shape[1];
        // Per sample: diag(p) − p pᵀ; H[(a,i),(b,j)] = C Σₙ w[n,a,b] x[n,i] x[n,j] + penalty.
        var w = diag_embed(prob) - prob.unsqueeze(2) * prob.unsqueeze(1);
        var h = c * einsum("ni,nab,nj->aibj", xt, w, xt);
        return h.reshape(k * p, k * p) + diag(mask.reshape(-1));
    }

    private static double[] Flatten(double[,] a)
    {
        var f = new double[a.Length];
        Buffer.BlockCopy(a, 0, f, 0, f.Length * sizeof(double));
        return f;
    }
}
