namespace CellDino.Eval.Metrics;

/// <summary>
/// Multi-label metrics on label-indicator matrices [samples, classes] of 0/1, equal to scikit-learn 1.2's
/// <c>f1_score</c> / <c>accuracy_score</c> on indicator input with <c>zero_division</c> 0. With <c>labels = null</c> every
/// column is a class (also one with no true and no predicted sample: it scores 0 in the macro mean, as scikit-learn
/// does); <see cref="PresentLabels"/> gives the columns that have a true or predicted sample.
/// </summary>
public static class MultiLabelMetrics
{
    /// <summary>Binarizes scores: 1 where score &gt; <paramref name="threshold"/> (strict, as torchmetrics and the fixture).</summary>
    public static int[,] Threshold(double[,] scores, double threshold = 0.5)
    {
        InputChecks.Finite(scores, nameof(scores));
        int n = scores.GetLength(0), c = scores.GetLength(1);
        var y = new int[n, c];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < c; j++)
                y[i, j] = scores[i, j] > threshold ? 1 : 0;
        return y;
    }

    /// <summary>Element-wise logistic sigmoid 1 / (1 + e^(−x)) in double.</summary>
    public static double[,] Sigmoid(double[,] logits)
    {
        int n = logits.GetLength(0), c = logits.GetLength(1);
        var s = new double[n, c];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < c; j++)
                s[i, j] = 1.0 / (1.0 + Math.Exp(-logits[i, j]));
        return s;
    }

    /// <summary>The ascending columns with at least one true or predicted sample (the multi-label <c>unique_labels</c>).</summary>
    public static int[] PresentLabels(int[,] yTrue, int[,] yPred)
    {
        Check(yTrue, yPred);
        int n = yTrue.GetLength(0), c = yTrue.GetLength(1);
        var present = new List<int>();
        for (int j = 0; j < c; j++)
            for (int i = 0; i < n; i++)
                if ((yTrue[i, j] | yPred[i, j]) != 0) { present.Add(j); break; }
        return [.. present];
    }

    /// <summary>F1 with macro, micro, weighted or samples averaging.</summary>
    /// <param name="yTrue">True label indicators [samples, classes].</param>
    /// <param name="yPred">Predicted label indicators, same shape.</param>
    /// <param name="average">Averaging mode.</param>
    /// <param name="labels">Columns to score (macro, micro, weighted); null: every column.</param>
    public static double F1(int[,] yTrue, int[,] yPred, MetricAverage average, IReadOnlyList<int>? labels = null)
    {
        Check(yTrue, yPred);
        if (average == MetricAverage.Samples)
        {
            int n = yTrue.GetLength(0), c = yTrue.GetLength(1);
            double sum = 0;
            for (int i = 0; i < n; i++)
            {
                long tp = 0, pred = 0, act = 0;
                for (int j = 0; j < c; j++)
                {
                    tp += yTrue[i, j] & yPred[i, j];
                    pred += yPred[i, j];
                    act += yTrue[i, j];
                }
                // A row with no true and no predicted label scores 0 (zero_division = 0).
                sum += PrfMath.F1(PrfMath.Divide(tp, pred), PrfMath.Divide(tp, act));
            }
            return sum / n;
        }
        var (tps, preds, acts) = Counts(yTrue, yPred, labels);
        return PrfMath.Average(tps, preds, acts, average).F;
    }

    /// <summary>F1 of each class (column), in the order of <paramref name="labels"/> (default: every column).</summary>
    public static double[] F1PerClass(int[,] yTrue, int[,] yPred, IReadOnlyList<int>? labels = null)
    {
        Check(yTrue, yPred);
        var (tp, pred, act) = Counts(yTrue, yPred, labels);
        return PrfMath.PerClass(tp, pred, act).F;
    }

    /// <summary>F1 of <paramref name="scores"/> binarized at <paramref name="threshold"/> (score &gt; threshold).</summary>
    public static double F1AtThreshold(int[,] yTrue, double[,] scores, MetricAverage average, double threshold = 0.5) =>
        F1(yTrue, Threshold(scores, threshold), average);

    /// <summary>Subset accuracy: fraction of rows whose predicted label set equals the true set exactly.</summary>
    public static double ExactMatchAccuracy(int[,] yTrue, int[,] yPred)
    {
        Check(yTrue, yPred);
        int n = yTrue.GetLength(0), c = yTrue.GetLength(1);
        long ok = 0;
        for (int i = 0; i < n; i++)
        {
            bool same = true;
            for (int j = 0; j < c && same; j++) same = yTrue[i, j] == yPred[i, j];
            if (same) ok++;
        }
        return (double)ok / n;
    }

    private static (long[] Tp, long[] Pred, long[] Act) Counts(int[,] yTrue, int[,] yPred, IReadOnlyList<int>? labels)
    {
        int n = yTrue.GetLength(0), c = yTrue.GetLength(1);
        var columns = labels ?? Enumerable.Range(0, c).ToArray();
        if (columns.Count == 0) throw new ArgumentException("labels is empty: at least one class is required.", nameof(labels));
        if (columns.Distinct().Count() != columns.Count) throw new ArgumentException("labels lists a class twice.", nameof(labels));
        if (columns.Any(j => (uint)j >= (uint)c))
            throw new ArgumentException($"labels has a class outside 0..{c - 1}.", nameof(labels));
        var tp = new long[columns.Count];
        var pred = new long[columns.Count];
        var act = new long[columns.Count];
        for (int i = 0; i < n; i++)
            for (int k = 0; k < columns.Count; k++)
            {
                int j = columns[k];
                tp[k] += yTrue[i, j] & yPred[i, j];
                pred[k] += yPred[i, j];
                act[k] += yTrue[i, j];
            }
        return (tp, pred, act);
    }

    private static void Check(int[,] yTrue, int[,] yPred)
    {
        InputChecks.SameShape(yTrue.GetLength(0), yTrue.GetLength(1), yPred.GetLength(0), yPred.GetLength(1), "yTrue", "yPred");
        InputChecks.NotEmpty(yTrue.GetLength(0), "yTrue");
        InputChecks.Indicator(yTrue, nameof(yTrue));
        InputChecks.Indicator(yPred, nameof(yPred));
    }
}
