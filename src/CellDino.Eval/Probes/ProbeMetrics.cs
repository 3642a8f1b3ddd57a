namespace CellDino.Eval.Probes;

/// <summary>
/// The default validation metrics used to pick a classifier. Deliberately minimal; the full scikit-learn-equal
/// metrics live in <c>CellDino.Eval.Metrics</c>.
/// </summary>
internal static class ProbeMetrics
{
    /// <summary>Accuracy for multi-class tasks, macro F1 at threshold 0.5 for multi-label ones.</summary>
    public static ProbeMetric Default(ProbeTaskKind kind) => kind == ProbeTaskKind.MultiClass ? Accuracy : MacroF1AtHalf;

    /// <summary>Fraction of rows whose arg-max score is their class.</summary>
    public static double Accuracy(float[] scores, ProbeDataset data)
    {
        int c = data.NumClasses, hits = 0;
        for (int i = 0; i < data.Count; i++)
        {
            if (ProbeTraining.ArgMax(scores.AsSpan(i * c, c)) == data.Labels[i][0]) hits++;
        }
        return data.Count == 0 ? 0 : hits / (double)data.Count;
    }

    /// <summary>
    /// Mean over classes of F1 = 2TP / (2TP + FP + FN) with a class predicted when its score is above 0.5
    /// (torchmetrics' binarisation); a class with no positives and no predictions scores 0 (scikit-learn's zero_division=0).
    /// </summary>
    public static double MacroF1AtHalf(float[] scores, ProbeDataset data)
    {
        int c = data.NumClasses;
        var tp = new long[c];
        var fp = new long[c];
        var fn = new long[c];
        for (int i = 0; i < data.Count; i++)
        {
            var truth = new bool[c];
            foreach (int l in data.Labels[i]) truth[l] = true;
            for (int j = 0; j < c; j++)
            {
                bool pred = scores[i * c + j] > 0.5f;
                if (pred && truth[j]) tp[j]++;
                else if (pred) fp[j]++;
                else if (truth[j]) fn[j]++;
            }
        }
        double sum = 0;
        for (int j = 0; j < c; j++)
        {
            long denom = 2 * tp[j] + fp[j] + fn[j];
            sum += denom == 0 ? 0 : 2.0 * tp[j] / denom;
        }
        return sum / c;
    }
}
