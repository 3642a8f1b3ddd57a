using CellDino.Eval.Metrics;

namespace CellDino.Eval.Protocols;

/// <summary>How <see cref="EvaluationTasks.Create"/> names and scores a task's classes.</summary>
public sealed record EvaluationTaskOptions
{
    /// <summary>
    /// Class names the localization label indices refer to; null: <see cref="LabelledClassNames"/> when known, else the
    /// indices as names (0..max).
    /// </summary>
    public IReadOnlyList<string>? ClassNames { get; init; }

    /// <summary>What <see cref="ClassNames"/> is called in messages, e.g. <c>--class-names hpa</c> or a file path.</summary>
    public string? ClassNamesSource { get; init; }

    /// <summary>
    /// The class names the samples were labelled with, as the embeddings store them (<see cref="Embedding.EmbeddingFolder.ClassNames(string)"/>);
    /// a <see cref="ClassNames"/> list that names a used class otherwise does not fit the data.
    /// </summary>
    public IReadOnlyList<string>? LabelledClassNames { get; init; }

    /// <summary>The classes macro averages run over (<see cref="EvaluationTask.ScoredClasses"/>); default those present.</summary>
    public ClassSubset ScoredClasses { get; init; } = ClassSubset.Present;
}
