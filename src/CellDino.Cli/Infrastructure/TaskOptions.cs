using System.CommandLine;
using CellDino.Data.Readers;
using CellDino.Data.Samples;
using CellDino.Eval.Protocols;

namespace CellDino.Cli.Infrastructure;

/// <summary>Which labels a command evaluates or colours by: parsed and handed to the <see cref="EvaluationTasks"/> registry.</summary>
internal sealed class TaskOptions
{
    public Option<string> Task { get; } = new("--task") { Description = "localization (multi-label Labels), cell-line, treatment, moa, plate, or column:<extra column>.", DefaultValueFactory = _ => "localization" };
    public Option<string> ClassNames { get; } = new("--class-names") { Description = "Localization class names: hpa (28 Kaggle 2018 classes), hpa-2021 (19), synthetic (9), numbers, or a CSV of index,name (e.g. classes_2021.csv).", DefaultValueFactory = _ => "numbers" };

    public void AddTo(Command command)
    {
        command.Options.Add(Task);
        command.Options.Add(ClassNames);
    }

    public EvaluationTask Create(ParseResult r, IEnumerable<SampleMetadata> all, TextWriter? warnings = null)
    {
        var kind = r.GetValue(ClassNames)!;
        var names = kind == "numbers" ? null : ClassNameList.Resolve(kind);
        return EvaluationTasks.Create(r.GetValue(Task)!, all, names, w => warnings?.WriteLine($"celldino: warning: --class-names {kind}: {w}"));
    }

    /// <summary>The display label of a sample for colouring plots.</summary>
    public static string LabelOf(EvaluationTask task, SampleMetadata m)
    {
        var labels = task.LabelsOf(m);
        return labels.Count == 0 ? "none" : string.Join("+", labels.Select(l => task.ClassNames[l]));
    }
}
