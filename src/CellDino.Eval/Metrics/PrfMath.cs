namespace CellDino.Eval.Metrics;

/// <summary>
/// Precision / recall / F1 from counts, with scikit-learn's conventions: a ratio whose denominator is 0 is 0
/// (<c>zero_division</c> default), and F1 = 2·P·R / (P + R) with 0 when P + R = 0.
/// </summary>
internal static class PrfMath
{
    public static double Divide(double num, double den) => den == 0 ? 0.0 : num / den;

    public static double F1(double precision, double recall)
    {
        double denom = precision + recall;
        // sklearn replaces a zero denominator by 1, so the score is 0 there.
        return 2.0 * precision * recall / (denom == 0 ? 1.0 : denom);
    }

    /// <summary>Per-class precision, recall and F1 from true-positive, predicted and true counts.</summary>
    public static (double[] P, double[] R, double[] F) PerClass(long[] tp, long[] predicted, long[] actual)
    {
        int n = tp.Length;
        var p = new double[n];
        var r = new double[n];
        var f = new double[n];
        for (int i = 0; i < n; i++)
        {
            p[i] = Divide(tp[i], predicted[i]);
            r[i] = Divide(tp[i], actual[i]);
            f[i] = F1(p[i], r[i]);
        }
        return (p, r, f);
    }

    /// <summary>Combines per-class counts into one precision, recall, F1 for macro / micro / weighted averaging.</summary>
    public static (double P, double R, double F) Average(long[] tp, long[] predicted, long[] actual, MetricAverage average)
    {
        switch (average)
        {
            case MetricAverage.Micro:
                {
                    double p = Divide(tp.Sum(), predicted.Sum());
                    double r = Divide(tp.Sum(), actual.Sum());
                    return (p, r, F1(p, r));
                }
            case MetricAverage.Macro:
                {
                    var (p, r, f) = PerClass(tp, predicted, actual);
                    return (Mean(p), Mean(r), Mean(f));
                }
            case MetricAverage.Weighted:
                {
                    var (p, r, f) = PerClass(tp, predicted, actual);
                    double total = actual.Sum();
                    if (total == 0) return (0, 0, 0);
                    return (Weighted(p, actual, total), Weighted(r, actual, total), Weighted(f, actual, total));
                }
            default:
                throw new ArgumentException($"Average '{average}' does not apply here (samples averaging needs a multi-label indicator matrix).", nameof(average));
        }
    }

    public static double Mean(double[] v)
    {
        if (v.Length == 0) return 0.0;
        double s = 0;
        foreach (var x in v) s += x;
        return s / v.Length;
    }

    private static double Weighted(double[] v, long[] w, double total)
    {
        double s = 0;
        for (int i = 0; i < v.Length; i++) s += v[i] * w[i];
        return s / total;
    }
}
