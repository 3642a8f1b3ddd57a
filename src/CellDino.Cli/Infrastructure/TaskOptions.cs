using System.CommandLine;
using CellDino.Data.Readers;
using CellDino.Data.Samples;
using CellDino.Eval.Embedding;
using CellDino.Eval.Metrics;
using CellDino.Eval.Protocols;

namespace CellDino.Cli.Infrastructure;

/// <summary>Which labels a command evaluates or colours by: parsed and handed to the <see cref="EvaluationTasks"/> registry.</summary>
internal sealed class TaskOptions
{
    public Option<string> Task { get; } = new("--task") { Description = "localization (multi-label Labels), cell-line, treatment, moa, plate, or column:<extra column>.", DefaultValueFactory = _ => "localization" };
    public Option<string?> ClassNames { get; } = new("--class-names") { Description = "Localization class names: hpa (28 Kaggle 2018 classes), hpa-2021 (19), synthetic (9), numbers, or a CSV of index,name (e.g. classes_2021.csv); default the names stored with the embeddings, else numbers. A list that does not fit the labels is an error." };
    public Option<string> Labels { get; } = new("--labels") { Description = "Classes macro F1 averages over: present (those in the test truth or the predictions, as scikit-learn reports), all (every class of the list: absent classes score 0), or a file or comma-separated list of class names or indices.", DefaultValueFactory = _ => "present" };

    public void AddTo(Command command, bool scoring = false)
    {
        command.Options.Add(Task);
        command.Options.Add(ClassNames);
        if (scoring) command.Options.Add(Labels);
    }

    /// <summary>The task over <paramref name="all"/>, the samples read from <paramref name="folders"/> (whose stored class names it uses by default).</summary>
    public EvaluationTask Create(ParseResult r, IEnumerable<SampleMetadata> all, params string[] folders)
    {
        var kind = r.GetValue(ClassNames);
        bool numbers = string.Equals(kind, "numbers", StringComparison.OrdinalIgnoreCase);
        return EvaluationTasks.Create(r.GetValue(Task)!, all, new EvaluationTaskOptions
        {
            ClassNames = kind is null || numbers ? null : ClassNameList.Resolve(kind),
            ClassNamesSource = kind is null ? null : $"--class-names {kind}",
            LabelledClassNames = numbers ? null : EmbeddingFolder.ClassNames(folders),
            ScoredClasses = r.GetResult(Labels) is null ? ClassSubset.Present : ClassSubset.Parse(r.GetValue(Labels)!),
        });
    }
}
