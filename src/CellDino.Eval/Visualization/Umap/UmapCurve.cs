namespace CellDino.Eval.Visualization;

/// <summary>
/// Fits UMAP's low-dimensional similarity curve 1 / (1 + a d^(2b)) by least squares to the target
/// 1 for d &lt; min_dist and exp(-(d - min_dist) / spread) beyond, on 300 evenly spaced d in [0, 3 spread]
/// (McInnes et al. 2018, §3 and appendix C), with Levenberg–Marquardt from (a, b) = (1, 1).
/// </summary>
internal static class UmapCurve
{
    /// <summary>Returns the fitted (a, b).</summary>
    public static (double A, double B) FitAB(double spread, double minDist)
    {
        const int Count = 300;
        var x = new double[Count];
        var y = new double[Count];
        for (int i = 0; i < Count; i++)
        {
            x[i] = 3 * spread * i / (Count - 1);
            y[i] = x[i] < minDist ? 1 : Math.Exp(-(x[i] - minDist) / spread);
        }
        double a = 1, b = 1, lambda = 1e-3, cost = Cost(x, y, a, b);
        for (int iter = 0; iter < 500; iter++)
        {
            // Normal equations of the 2-parameter problem, J^T J and J^T r.
            double jaa = 0, jab = 0, jbb = 0, ga = 0, gb = 0;
            for (int i = 0; i < Count; i++)
            {
                double p = x[i] > 0 ? Math.Pow(x[i], 2 * b) : 0, den = 1 + a * p, f = 1 / den, r = f - y[i];
                double da = -p / (den * den), db = x[i] > 0 ? -a * p * 2 * Math.Log(x[i]) / (den * den) : 0;
                jaa += da * da; jab += da * db; jbb += db * db; ga += da * r; gb += db * r;
            }
            bool improved = false;
            while (lambda < 1e12)
            {
                double m00 = jaa * (1 + lambda), m11 = jbb * (1 + lambda), det = m00 * m11 - jab * jab;
                double stepA = -(m11 * ga - jab * gb) / det, stepB = -(m00 * gb - jab * ga) / det;
                double na = a + stepA, nb = b + stepB, nc = na > 0 && nb > 0 ? Cost(x, y, na, nb) : double.PositiveInfinity;
                if (nc < cost)
                {
                    bool converged = Math.Abs(stepA) < 1e-12 * (1 + Math.Abs(a)) && Math.Abs(stepB) < 1e-12 * (1 + Math.Abs(b));
                    a = na; b = nb; lambda = Math.Max(lambda / 10, 1e-12);
                    improved = !converged && cost - nc > 1e-18 * cost;
                    cost = nc;
                    break;
                }
                lambda *= 10;
            }
            if (!improved) break;
        }
        return (a, b);
    }

    private static double Cost(double[] x, double[] y, double a, double b)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double r = 1 / (1 + a * (x[i] > 0 ? Math.Pow(x[i], 2 * b) : 0)) - y[i];
            s += r * r;
        }
        return s;
    }
}
