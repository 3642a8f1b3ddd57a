using CellDino.Eval.Protocols;

namespace CellDino.Cli.Demo;

/// <summary>What the demo produced.</summary>
/// <param name="Scores">Every (task, features, classifier) score.</param>
/// <param name="ReportPath">The report.md path.</param>
/// <param name="Table">The results table as Markdown.</param>
/// <param name="FirstLoss">Mean loss over the first 10% of pretraining.</param>
/// <param name="LastLoss">Mean loss over the last 10% of pretraining.</param>
/// <param name="Verdict">Whether pretraining learned (health at the end, DINO loss, scores against the random-init ViT).</param>
internal sealed record DemoResult(IReadOnlyList<ProtocolScore> Scores, string ReportPath, string Table, double FirstLoss, double LastLoss, LearningVerdict Verdict)
{
    /// <summary>The macro F1 of one row, or NaN when the demo did not score it.</summary>
    public double MacroF1(string task, string features, ClassifierSpec classifier) =>
        Scores.FirstOrDefault(s => s.Task == task && s.Features == features && s.Classifier == classifier)?.MacroF1 ?? double.NaN;
}
