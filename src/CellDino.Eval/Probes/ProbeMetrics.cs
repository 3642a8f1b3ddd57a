namespace CellDino.Eval.Probes;

/// <summary>
/// The default validation metrics used to pick a classifier. Deliberately minimal; the full scikit-learn-equal
/// metrics live in <c>CellDino.Eval.Metrics</c>.
/// </summary>
internal static class ProbeMetrics
{
    /// <summary>Accuracy for multi-class tasks, macro F1 at threshold 0.5 for multi-label ones.</summary>
    public static ProbeMetric Default(ProbeTaskKind kind) => kind == ProbeTaskKind.MultiClass ? Accuracy : MacroF1AtHalf;

    /// <summary>Fraction of rows whose arg-max score is their class (<see cref="Metrics.ClassificationMetrics.Accuracy"/>).</summary>
    public static double Accuracy(float[] scores, ProbeDataset data)
    {
        if (data.Count == 0) return 0;
        int c = data.NumClasses;
        var truth = new int[data.Count];
        var pred = new int[data.Count];
        for (int i = 0; i < data.Count; i++)
        {
            truth[i] = data.Labels[i][0];
            pred[i] = ProbeTraining.ArgMax(scores.AsSpan(i * c, c));
        }
        return Metrics.ClassificationMetrics.Accuracy(truth, pred);
    }

    /// <summary>
    /// Macro F1 with a class predicted when its score is above 0.5 (torchmetrics' binarisation): the one multi-label
    /// macro F1 (<see cref="Metrics.MultiLabelMetrics.F1"/>) over the classes present in the truth or the predictions
    /// (a class the split lacks and nobody predicts is no error).
    /// </summary>
    public static double MacroF1AtHalf(float[] scores, ProbeDataset data) => MacroF1AtHalf(scores, data, null);

    /// <summary>The same over <paramref name="labels"/>; null: the present classes.</summary>
    public static double MacroF1AtHalf(float[] scores, ProbeDataset data, IReadOnlyList<int>? labels)
    {
        if (data.Count == 0) return 0;
        int c = data.NumClasses;
        var truth = new int[data.Count, c];
        var pred = new int[data.Count, c];
        for (int i = 0; i < data.Count; i++)
        {
            foreach (int l in data.Labels[i]) truth[i, l] = 1;
            for (int j = 0; j < c; j++) pred[i, j] = scores[i * c + j] > 0.5f ? 1 : 0;
        }
        labels ??= Metrics.MultiLabelMetrics.PresentLabels(truth, pred);
        // Nothing true and nothing predicted: no class to average over, and nothing was got wrong or right.
        return labels.Count == 0 ? 0 : Metrics.MultiLabelMetrics.F1(truth, pred, Metrics.MetricAverage.Macro, labels);
    }
}
