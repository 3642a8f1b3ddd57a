namespace CellDino.Eval.Metrics;

/// <summary>
/// Average precision equal to scikit-learn 1.2's <c>average_precision_score</c>: AP = Σₙ (Rₙ − Rₙ₋₁)·Pₙ over the
/// distinct score thresholds in decreasing order (tied scores form one threshold; no interpolation). A class without
/// positive samples scores 0 (scikit-learn sets its recall to 1 everywhere, which yields 0).
/// </summary>
public static class AveragePrecision
{
    /// <summary>AP of one binary problem.</summary>
    /// <param name="yTrue">0/1 targets.</param>
    /// <param name="scores">Scores (higher = more likely positive), same length, finite.</param>
    public static double Binary(ReadOnlySpan<int> yTrue, ReadOnlySpan<double> scores)
    {
        InputChecks.SameLength(yTrue.Length, scores.Length, "yTrue", "scores");
        InputChecks.NotEmpty(yTrue.Length, "yTrue");
        InputChecks.Finite(scores, nameof(scores));
        for (int i = 0; i < yTrue.Length; i++)
            if (yTrue[i] is not (0 or 1)) throw new ArgumentException($"yTrue[{i}] is {yTrue[i]}: binary targets must be 0 or 1.", nameof(yTrue));
        return Compute(yTrue, scores);
    }

    /// <summary>Per-class one-vs-rest AP of a multi-class problem: class c's targets are <c>yTrue == c</c>, scores column c.</summary>
    /// <param name="yTrue">Labels in 0..C−1.</param>
    /// <param name="scores">[samples, C] scores.</param>
    public static double[] OneVsRestPerClass(ReadOnlySpan<int> yTrue, double[,] scores) =>
        MultiLabelPerClass(Binarize(yTrue, scores), scores);

    /// <summary>One-vs-rest AP of a multi-class problem averaged by <paramref name="average"/> (macro, micro or weighted).</summary>
    public static double OneVsRest(ReadOnlySpan<int> yTrue, double[,] scores, MetricAverage average) =>
        MultiLabel(Binarize(yTrue, scores), scores, average);

    /// <summary>AP of each column of a multi-label problem.</summary>
    public static double[] MultiLabelPerClass(int[,] yTrue, double[,] scores)
    {
        Check(yTrue, scores);
        int n = yTrue.GetLength(0), c = yTrue.GetLength(1);
        var ap = new double[c];
        var t = new int[n];
        var s = new double[n];
        for (int j = 0; j < c; j++)
        {
            for (int i = 0; i < n; i++) { t[i] = yTrue[i, j]; s[i] = scores[i, j]; }
            ap[j] = Compute(t, s);
        }
        return ap;
    }

    /// <summary>AP of a multi-label problem: macro / weighted over columns, micro over the flattened arrays, samples over rows.</summary>
    public static double MultiLabel(int[,] yTrue, double[,] scores, MetricAverage average)
    {
        Check(yTrue, scores);
        int n = yTrue.GetLength(0), c = yTrue.GetLength(1);
        switch (average)
        {
            case MetricAverage.Macro:
                return PrfMath.Mean(MultiLabelPerClass(yTrue, scores));
            case MetricAverage.Weighted:
                {
                    var ap = MultiLabelPerClass(yTrue, scores);
                    double total = 0, sum = 0;
                    for (int j = 0; j < c; j++)
                    {
                        long support = 0;
                        for (int i = 0; i < n; i++) support += yTrue[i, j];
                        total += support;
                        sum += ap[j] * support;
                    }
                    return total == 0 ? 0.0 : sum / total;
                }
            case MetricAverage.Micro:
                {
                    var t = new int[n * c];
                    var s = new double[n * c];
                    for (int i = 0, k = 0; i < n; i++)
                        for (int j = 0; j < c; j++, k++) { t[k] = yTrue[i, j]; s[k] = scores[i, j]; }
                    return Compute(t, s);
                }
            case MetricAverage.Samples:
                {
                    var t = new int[c];
                    var s = new double[c];
                    double sum = 0;
                    for (int i = 0; i < n; i++)
                    {
                        for (int j = 0; j < c; j++) { t[j] = yTrue[i, j]; s[j] = scores[i, j]; }
                        sum += Compute(t, s);
                    }
                    return sum / n;
                }
            default:
                throw new ArgumentOutOfRangeException(nameof(average), average, "Unknown averaging mode.");
        }
    }

    /// <summary>The step-wise AP; inputs already validated.</summary>
    internal static double Compute(ReadOnlySpan<int> yTrue, ReadOnlySpan<double> scores)
    {
        int n = yTrue.Length;
        var order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        var keys = scores.ToArray();
        // Descending by score; the order inside a tie does not matter since a tie is one threshold.
        Array.Sort(keys, order, Comparer<double>.Create((a, b) => b.CompareTo(a)));
        long positives = 0;
        for (int i = 0; i < n; i++) positives += yTrue[i];
        if (positives == 0) return 0.0;
        double ap = 0, prevRecall = 0;
        long tp = 0;
        for (int i = 0; i < n; i++)
        {
            tp += yTrue[order[i]];
            // Only the last index of a run of equal scores is a threshold.
            if (i + 1 < n && keys[i + 1] == keys[i]) continue;
            double recall = (double)tp / positives;
            double precision = (double)tp / (i + 1);
            ap += (recall - prevRecall) * precision;
            prevRecall = recall;
        }
        return ap;
    }

    private static int[,] Binarize(ReadOnlySpan<int> yTrue, double[,] scores)
    {
        int n = scores.GetLength(0), c = scores.GetLength(1);
        InputChecks.SameLength(yTrue.Length, n, "yTrue", "scores rows");
        var y = new int[n, c];
        for (int i = 0; i < n; i++)
        {
            if ((uint)yTrue[i] >= (uint)c) throw new ArgumentException($"yTrue[{i}] is {yTrue[i]} but scores has {c} columns: labels must be in 0..{c - 1}.", nameof(yTrue));
            y[i, yTrue[i]] = 1;
        }
        return y;
    }

    private static void Check(int[,] yTrue, double[,] scores)
    {
        InputChecks.SameShape(yTrue.GetLength(0), yTrue.GetLength(1), scores.GetLength(0), scores.GetLength(1), "yTrue", "scores");
        InputChecks.NotEmpty(yTrue.GetLength(0), "yTrue");
        InputChecks.Indicator(yTrue, nameof(yTrue));
        InputChecks.Finite(scores, nameof(scores));
    }
}
