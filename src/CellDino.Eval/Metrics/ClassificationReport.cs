using System.Globalization;
using System.Text;

namespace CellDino.Eval.Metrics;

/// <summary>
/// Per-class precision, recall, F1 and support plus accuracy and macro / weighted averages, as scikit-learn's
/// <c>classification_report</c> (zero_division 0).
/// </summary>
public sealed class ClassificationReport
{
    private ClassificationReport(IReadOnlyList<int> labels, IReadOnlyList<ClassReportRow> rows, double accuracy, ClassReportRow macro, ClassReportRow weighted, IReadOnlyList<string> warnings)
    {
        Labels = labels;
        Rows = rows;
        Accuracy = accuracy;
        MacroAverage = macro;
        WeightedAverage = weighted;
        Warnings = warnings;
    }

    /// <summary>The classes, in row order.</summary>
    public IReadOnlyList<int> Labels { get; }

    /// <summary>One row per class.</summary>
    public IReadOnlyList<ClassReportRow> Rows { get; }

    /// <summary>Fraction of correct predictions over all samples.</summary>
    public double Accuracy { get; }

    /// <summary>Unweighted means over classes; support is the total.</summary>
    public ClassReportRow MacroAverage { get; }

    /// <summary>Support-weighted means over classes; support is the total.</summary>
    public ClassReportRow WeightedAverage { get; }

    /// <summary>
    /// scikit-learn's UndefinedMetricWarning cases: classes whose precision (nothing predicted) or recall (no true
    /// sample) is ill-defined and was set to 0. Empty when every ratio was defined.
    /// </summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>Builds the report.</summary>
    /// <param name="yTrue">True labels.</param>
    /// <param name="yPred">Predicted labels, same length.</param>
    /// <param name="labels">Classes to report; null: sorted union of labels present in either array.</param>
    public static ClassificationReport Compute(ReadOnlySpan<int> yTrue, ReadOnlySpan<int> yPred, IReadOnlyList<int>? labels = null)
    {
        var (tp, pred, act) = ClassificationMetrics.Counts(yTrue, yPred, labels, out var used);
        var (p, r, f) = PrfMath.PerClass(tp, pred, act);
        var rows = new ClassReportRow[used.Length];
        for (int i = 0; i < used.Length; i++)
            rows[i] = new ClassReportRow(used[i].ToString(CultureInfo.InvariantCulture), p[i], r[i], f[i], act[i]);
        long total = act.Sum();
        var macro = PrfMath.Average(tp, pred, act, MetricAverage.Macro);
        var weighted = PrfMath.Average(tp, pred, act, MetricAverage.Weighted);
        return new ClassificationReport(used, rows, ClassificationMetrics.Accuracy(yTrue, yPred),
            new ClassReportRow("macro avg", macro.P, macro.R, macro.F, total),
            new ClassReportRow("weighted avg", weighted.P, weighted.R, weighted.F, total), UndefinedWarnings(used, pred, act));
    }

    /// <summary>A plain-text table like scikit-learn prints it (4 decimals).</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        var ci = CultureInfo.InvariantCulture;
        sb.AppendLine(ci, $"{"",14}{"precision",10}{"recall",10}{"f1-score",10}{"support",10}");
        foreach (var row in Rows) Append(sb, row);
        sb.AppendLine();
        sb.AppendLine(ci, $"{"accuracy",14}{"",10}{"",10}{Accuracy,10:F4}{MacroAverage.Support,10}");
        Append(sb, MacroAverage);
        Append(sb, WeightedAverage);
        return sb.ToString();
    }


    private static string[] UndefinedWarnings(int[] labels, long[] predicted, long[] actual)
    {
        var list = new List<string>();
        var noPred = labels.Where((_, i) => predicted[i] == 0).ToArray();
        var noTrue = labels.Where((_, i) => actual[i] == 0).ToArray();
        if (noPred.Length > 0) list.Add($"Precision is ill-defined and being set to 0.0 in labels with no predicted samples: [{string.Join(", ", noPred)}].");
        if (noTrue.Length > 0) list.Add($"Recall is ill-defined and being set to 0.0 in labels with no true samples: [{string.Join(", ", noTrue)}].");
        return [.. list];
    }
    private static void Append(StringBuilder sb, ClassReportRow row) =>
        sb.AppendLine(CultureInfo.InvariantCulture, $"{row.Name,14}{row.Precision,10:F4}{row.Recall,10:F4}{row.F1,10:F4}{row.Support,10}");
}
