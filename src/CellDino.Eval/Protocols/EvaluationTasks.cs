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
    /// <param name="options">Localization class names, the names the data were labelled with, and the classes scores average over.</param>
    /// <exception cref="ArgumentException">
    /// Unknown name; no localization labels; a class list that does not fit the labels (an index outside it, or a used
    /// class named otherwise than the data were labelled); a multi-class task with a missing value or fewer than two
    /// classes; a scored class that is not a class of the task.
    /// </exception>
    public static EvaluationTask Create(string name, IEnumerable<SampleMetadata> samples, EvaluationTaskOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(samples);
        options ??= new EvaluationTaskOptions();
        var metadata = samples as IReadOnlyList<SampleMetadata> ?? samples.ToList();
        var task = name switch
        {
            "localization" => Localization(metadata, options),
            "cell-line" => EvaluationTask.CellLine(metadata),
            "treatment" or "plate" => EvaluationTask.FromColumn(name, metadata, MetadataColumn(name)),
            "moa" => EvaluationTask.FromColumn("moa", metadata, m => m.MechanismOfAction ?? (m.IsControl ? "control" : null)),
            _ when name.StartsWith(ColumnPrefix, StringComparison.Ordinal) && name.Length > ColumnPrefix.Length =>
                EvaluationTask.FromColumn(name[ColumnPrefix.Length..], metadata, ExtraColumn(name[ColumnPrefix.Length..])),
            _ => throw new ArgumentException($"Task '{name}' is not one of {string.Join(", ", Names)}.", nameof(name)),
        };
        options.ScoredClasses.Resolve(task.ClassNames); // an unknown class fails here, before any classifier runs
        return task with { ScoredClasses = options.ScoredClasses };
    }

    /// <summary>The metadata columns <see cref="MetadataColumn"/> reads from <see cref="SampleMetadata"/> itself; any other name is an extra column.</summary>
    public static IReadOnlyList<string> MetadataColumnNames { get; } = ["plate", "cell-line", "well", "treatment"];

    /// <summary>
    /// The value of the metadata column named <paramref name="name"/> in a sample: one of
    /// <see cref="MetadataColumnNames"/>, or else the extra column of that name (<see cref="SampleMetadata.Extra"/>);
    /// null where a sample has none. Groupings such as Harmony's batch key (<c>--harmonize-by plate</c>) name columns so.
    /// </summary>
    public static Func<SampleMetadata, string?> MetadataColumn(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name switch
        {
            "plate" => m => m.Plate,
            "cell-line" => m => m.CellLine,
            "well" => m => m.Well,
            "treatment" => m => m.Treatment,
            _ => ExtraColumn(name),
        };
    }

    private static Func<SampleMetadata, string?> ExtraColumn(string name) => m => m.Extra.TryGetValue(name, out var v) ? v : null;

    private static EvaluationTask Localization(IReadOnlyList<SampleMetadata> metadata, EvaluationTaskOptions options)
    {
        var used = metadata.SelectMany(m => m.Labels).Distinct().Order().ToArray();
        if (used.Length == 0) throw new ArgumentException("No sample has localization labels; choose another task.");
        var labelled = options.LabelledClassNames is { Count: > 0 } l ? l : null;
        var names = options.ClassNames ?? labelled ?? Enumerable.Range(0, used[^1] + 1).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray();
        bool fits = used.All(i => i >= 0 && i < names.Count) &&
                    (labelled is null || used.All(i => i < labelled.Count && string.Equals(names[i].Trim(), labelled[i].Trim(), StringComparison.OrdinalIgnoreCase)));
        if (!fits)
        {
            var source = options.ClassNamesSource ?? (options.ClassNames is null ? "the class names stored with the embeddings" : "the class list");
            string Used(int i) => labelled is not null && i < labelled.Count ? $"{i} {labelled[i]}" : i.ToString(CultureInfo.InvariantCulture);
            throw new ArgumentException(
                $"{source} ({names.Count} classes) does not fit these samples: they use {used.Length} classes ({string.Join(", ", used.Select(Used))})" +
                (labelled is null ? ", some outside the list" : $", labelled with a {labelled.Count}-class list stored with the embeddings (leave the class list out to use it)") +
                "; choose the class list the labels were made with.");
        }
        return EvaluationTask.Localization(names);
    }
}
