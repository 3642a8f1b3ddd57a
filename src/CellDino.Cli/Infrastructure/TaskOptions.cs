using System.CommandLine;
using CellDino.Data.Readers;
using CellDino.Data.Samples;
using CellDino.Data.Synthetic;
using CellDino.Eval.Protocols;

namespace CellDino.Cli.Infrastructure;

/// <summary>Which labels a command evaluates or colours by.</summary>
internal sealed class TaskOptions
{
    public Option<string> Task { get; } = new("--task") { Description = "localization (multi-label Labels), cell-line, treatment, moa, plate, or column:<extra column>.", DefaultValueFactory = _ => "localization" };
    public Option<string> ClassNames { get; } = new("--class-names") { Description = "Localization class names: hpa (28 Kaggle classes), synthetic (9), or numbers.", DefaultValueFactory = _ => "numbers" };

    public void AddTo(Command command)
    {
        command.Options.Add(Task);
        command.Options.Add(ClassNames);
    }

    public EvaluationTask Create(ParseResult r, IEnumerable<SampleMetadata> all, TextWriter? warnings = null)
    {
        var metadata = all.ToList();
        var task = r.GetValue(Task)!;
        return task switch
        {
            "localization" => EvaluationTask.Localization(Names(r.GetValue(ClassNames)!, metadata, warnings)),
            "cell-line" => EvaluationTask.CellLine(metadata),
            "treatment" => EvaluationTask.FromColumn("treatment", metadata, m => m.Treatment),
            "moa" => EvaluationTask.FromColumn("moa", metadata, m => m.MechanismOfAction ?? (m.IsControl ? "control" : null)),
            "plate" => EvaluationTask.FromColumn("plate", metadata, m => m.Plate),
            _ when task.StartsWith("column:", StringComparison.Ordinal) =>
                EvaluationTask.FromColumn(task[7..], metadata, m => m.Extra.TryGetValue(task[7..], out var v) ? v : null),
            _ => throw new CliError($"--task '{task}' is not one of localization, cell-line, treatment, moa, plate, column:<name>."),
        };
    }

    /// <summary>The display label of a sample for colouring plots.</summary>
    public static string LabelOf(EvaluationTask task, SampleMetadata m)
    {
        var labels = task.LabelsOf(m);
        return labels.Count == 0 ? "none" : string.Join("+", labels.Select(l => task.ClassNames[l]));
    }

    private static IReadOnlyList<string> Names(string kind, List<SampleMetadata> metadata, TextWriter? warnings)
    {
        int max = metadata.SelectMany(m => m.Labels).DefaultIfEmpty(-1).Max();
        if (max < 0) throw new CliError("No sample has localization labels; choose another --task.");
        IReadOnlyList<string> names = kind switch
        {
            "hpa" => HpaClasses.Names,
            "synthetic" => SyntheticClasses.Names,
            "numbers" => Enumerable.Range(0, max + 1).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray(),
            _ => throw new CliError($"--class-names '{kind}' is not hpa, synthetic or numbers."),
        };
        if (max >= names.Count) throw new CliError($"A label {max} is outside the {names.Count} {kind} class names.");
        int used = metadata.SelectMany(m => m.Labels).Distinct().Count();
        if (used < names.Count)
            warnings?.WriteLine($"celldino: warning: --class-names {kind} has {names.Count} classes but these embeddings use {used}; " +
                $"multi-label macro F1 averages over all {names.Count} (absent classes score 0): choose the class list of this dataset.");
        return names;
    }
}
