namespace CellDino.Eval.Metrics;

/// <summary>
/// Multi-class (single-label) metrics equal to scikit-learn 1.2's <c>accuracy_score</c>, <c>precision/recall/f1_score</c>:
/// with <c>labels = null</c> the classes are the sorted union of the labels in <c>yTrue</c> and <c>yPred</c>; a ratio with
/// a zero denominator is 0 (the <c>zero_division</c> default).
/// </summary>
public static class ClassificationMetrics
{
    /// <summary>Fraction of samples whose prediction equals the true label.</summary>
    public static double Accuracy(ReadOnlySpan<int> yTrue, ReadOnlySpan<int> yPred)
    {
        Check(yTrue, yPred);
        long correct = 0;
        for (int i = 0; i < yTrue.Length; i++) if (yTrue[i] == yPred[i]) correct++;
        return (double)correct / yTrue.Length;
    }

    /// <summary>The sorted distinct labels occurring in either array (scikit-learn's <c>unique_labels</c>).</summary>
    public static int[] PresentLabels(ReadOnlySpan<int> yTrue, ReadOnlySpan<int> yPred)
    {
        var set = new SortedSet<int>();
        foreach (var y in yTrue) set.Add(y);
        foreach (var y in yPred) set.Add(y);
        return [.. set];
    }

    /// <summary>F1 averaged over classes (<see cref="MetricAverage.Macro"/>, <see cref="MetricAverage.Micro"/> or <see cref="MetricAverage.Weighted"/>).</summary>
    /// <param name="yTrue">True labels.</param>
    /// <param name="yPred">Predicted labels, same length.</param>
    /// <param name="average">Averaging mode.</param>
    /// <param name="labels">Classes to score; null: the sorted union of labels present in either array.</param>
    public static double F1(ReadOnlySpan<int> yTrue, ReadOnlySpan<int> yPred, MetricAverage average, IReadOnlyList<int>? labels = null)
    {
        var (tp, pred, act) = Counts(yTrue, yPred, labels, out _);
        return PrfMath.Average(tp, pred, act, average).F;
    }

    /// <summary>Precision averaged over classes.</summary>
    public static double Precision(ReadOnlySpan<int> yTrue, ReadOnlySpan<int> yPred, MetricAverage average, IReadOnlyList<int>? labels = null)
    {
        var (tp, pred, act) = Counts(yTrue, yPred, labels, out _);
        return PrfMath.Average(tp, pred, act, average).P;
    }

    /// <summary>Recall averaged over classes.</summary>
    public static double Recall(ReadOnlySpan<int> yTrue, ReadOnlySpan<int> yPred, MetricAverage average, IReadOnlyList<int>? labels = null)
    {
        var (tp, pred, act) = Counts(yTrue, yPred, labels, out _);
        return PrfMath.Average(tp, pred, act, average).R;
    }

    /// <summary>F1 of each class, in the order of <paramref name="labels"/> (default: sorted union of present labels).</summary>
    public static double[] F1PerClass(ReadOnlySpan<int> yTrue, ReadOnlySpan<int> yPred, IReadOnlyList<int>? labels = null)
    {
        var (tp, pred, act) = Counts(yTrue, yPred, labels, out _);
        return PrfMath.PerClass(tp, pred, act).F;
    }

    /// <summary>
    /// Per-label counts as scikit-learn's <c>multilabel_confusion_matrix</c> defines them: true positives, number of
    /// samples predicted as the label, and number of samples truly of the label.
    /// </summary>
    internal static (long[] Tp, long[] Predicted, long[] Actual) Counts(ReadOnlySpan<int> yTrue, ReadOnlySpan<int> yPred, IReadOnlyList<int>? labels, out int[] used)
    {
        Check(yTrue, yPred);
        used = labels is null ? PresentLabels(yTrue, yPred) : [.. labels];
        if (used.Length == 0) throw new ArgumentException("labels is empty: at least one class is required.", nameof(labels));
        var index = new Dictionary<int, int>(used.Length);
        for (int i = 0; i < used.Length; i++)
            if (!index.TryAdd(used[i], i)) throw new ArgumentException($"labels contains {used[i]} twice.", nameof(labels));
        var tp = new long[used.Length];
        var pred = new long[used.Length];
        var act = new long[used.Length];
        for (int i = 0; i < yTrue.Length; i++)
        {
            bool tIn = index.TryGetValue(yTrue[i], out int t);
            bool pIn = index.TryGetValue(yPred[i], out int p);
            if (tIn) act[t]++;
            if (pIn) pred[p]++;
            if (tIn && pIn && t == p) tp[t]++;
        }
        return (tp, pred, act);
    }

    private static void Check(ReadOnlySpan<int> yTrue, ReadOnlySpan<int> yPred)
    {
        InputChecks.SameLength(yTrue.Length, yPred.Length, "yTrue", "yPred");
        InputChecks.NotEmpty(yTrue.Length, "yTrue");
    }
}
