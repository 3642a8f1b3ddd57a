namespace CellDino.Eval.Protocols;

/// <summary>One row of an evaluation table.</summary>
/// <param name="Task">Task name.</param>
/// <param name="Features">Which embedding (e.g. <c>Cell-DINO</c>, <c>random init</c>, <c>raw pixels</c>).</param>
/// <param name="Classifier">kNN (k), linear probe or MLP; its text (<c>kNN (k=1)</c>) is what tables show.</param>
/// <param name="MacroF1">
/// Macro F1 (multi-label: per-class F1 at threshold 0.5), Cell-DINO's headline metric, averaged over the task's
/// <see cref="EvaluationTask.ScoredClasses"/> (by default the classes in the test truth or the predictions).
/// </param>
/// <param name="MicroF1">Micro F1 over the same classes.</param>
/// <param name="Accuracy">Accuracy (multi-class) or exact-match accuracy (multi-label).</param>
/// <param name="MacroAp">
/// Macro average precision (area under the precision-recall curve, scikit-learn's <c>average_precision_score</c>) of the
/// classifier's scores, one-vs-rest for multi-class, over the classes with at least one positive test sample; null when
/// no scores were available.
/// </param>
public sealed record ProtocolScore(string Task, string Features, ClassifierSpec Classifier, double MacroF1, double MicroF1, double Accuracy, double? MacroAp = null);
