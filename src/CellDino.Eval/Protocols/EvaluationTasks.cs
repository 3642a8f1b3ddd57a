using System.Globalization;
using CellDino.Data.Samples;

namespace CellDino.Eval.Protocols;

/// <summary>
/// The registry of evaluation tasks by name, as the CLI and configuration files spell them: the one place a task
/// name becomes an <see cref="EvaluationTask"/>.
/// </summary>
public static class EvaluationTasks
{
    /// <summary>Prefix of a task over any extra metadata column, e.g. <c>column:Metadata_Dose</c>.</summary>
    public const string ColumnPrefix = "column:";

    /// <summary>The task names (<c>column:&lt;name&gt;</c> stands for any extra column).</summary>
    public static IReadOnlyList<string> Names { get; } = ["localization", "cell-line", "treatment", "moa", "plate", ColumnPrefix + "<name>"];

    /// <summary>The task named <paramref name="name"/> over <paramref name="samples"/>.</summary>
    /// <param name="name">One of <see cref="Names"/>.</param>
    /// <param name="samples">The samples the task is defined on (multi-class tasks take their classes from them).</param>
    /// <param name="localizationClassNames">Class names of the localization labels; null: the indices as names (0..max).</param>
    /// <param name="onWarning">Receives a warning when the class list has classes no sample uses (multi-label macro F1 then averages over them).</param>
    /// <exception cref="ArgumentException">Unknown name; no localization labels; a label outside the class list; a multi-class task with a missing value or fewer than two classes.</exception>
    public static EvaluationTask Create(string name, IEnumerable<SampleMetadata> samples, IReadOnlyList<string>? localizationClassNames = null, Action<string>? onWarning = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(samples);
        var metadata = samples as IReadOnlyList<SampleMetadata> ?? samples.ToList();
        return name switch
        {
            "localization" => Localization(metadata, localizationClassNames, onWarning),
            "cell-line" => EvaluationTask.CellLine(metadata),
            "treatment" => EvaluationTask.FromColumn("treatment", metadata, m => m.Treatment),
            "moa" => EvaluationTask.FromColumn("moa", metadata, m => m.MechanismOfAction ?? (m.IsControl ? "control" : null)),
            "plate" => EvaluationTask.FromColumn("plate", metadata, m => m.Plate),
            _ when name.StartsWith(ColumnPrefix, StringComparison.Ordinal) && name.Length > ColumnPrefix.Length =>
                EvaluationTask.FromColumn(name[ColumnPrefix.Length..], metadata, m => m.Extra.TryGetValue(name[ColumnPrefix.Length..], out var v) ? v : null),
            _ => throw new ArgumentException($"Task '{name}' is not one of {string.Join(", ", Names)}.", nameof(name)),
        };
    }

    private static EvaluationTask Localization(IReadOnlyList<SampleMetadata> metadata, IReadOnlyList<string>? names, Action<string>? onWarning)
    {
        int max = metadata.SelectMany(m => m.Labels).DefaultIfEmpty(-1).Max();
        if (max < 0) throw new ArgumentException("No sample has localization labels; choose another task.");
        names ??= Enumerable.Range(0, max + 1).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray();
        if (max >= names.Count) throw new ArgumentException($"A label {max} is outside the {names.Count} class names; choose the class list of this dataset.");
        int used = metadata.SelectMany(m => m.Labels).Distinct().Count();
        if (used < names.Count)
            onWarning?.Invoke($"the class list has {names.Count} classes but these samples use {used}; " +
                $"multi-label macro F1 averages over all {names.Count} (absent classes score 0, as scikit-learn and torchmetrics do); if the data come from a smaller class set, pass its list.");
        return EvaluationTask.Localization(names);
    }
}
