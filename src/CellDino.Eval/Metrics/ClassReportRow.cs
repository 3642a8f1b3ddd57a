namespace CellDino.Eval.Metrics;

/// <summary>One line of a <see cref="ClassificationReport"/>.</summary>
/// <param name="Name">The class label as text, or "macro avg" / "weighted avg".</param>
/// <param name="Precision">Precision (0 when nothing was predicted).</param>
/// <param name="Recall">Recall (0 when the class has no true sample).</param>
/// <param name="F1">F1 score.</param>
/// <param name="Support">Number of true samples.</param>
public sealed record ClassReportRow(string Name, double Precision, double Recall, double F1, long Support);
