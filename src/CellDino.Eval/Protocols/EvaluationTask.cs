using CellDino.Data.Samples;
using CellDino.Eval.Metrics;
using CellDino.Eval.Probes;

namespace CellDino.Eval.Protocols;

/// <summary>A labelled prediction task over embeddings: which labels, how many classes, single- or multi-label.</summary>
/// <param name="Name">Task name for reports, e.g. <c>protein localization</c>.</param>
/// <param name="Kind">Multi-label (localization) or multi-class (cell line, treatment).</param>
/// <param name="ClassNames">Class names, indexed by label.</param>
/// <param name="LabelsOf">The labels of a sample (one for multi-class).</param>
public sealed record EvaluationTask(string Name, ProbeTaskKind Kind, IReadOnlyList<string> ClassNames, Func<SampleMetadata, IReadOnlyList<int>> LabelsOf)
{
    /// <summary>Number of classes.</summary>
    public int NumClasses => ClassNames.Count;

    /// <summary>
    /// The classes macro F1 (and micro F1) average over, scikit-learn's <c>labels</c>: by default those present in the
    /// test truth or the predictions, so a class that the test split lacks and nobody predicts neither counts as an
    /// error nor dilutes the average; <see cref="ClassSubset.All"/> averages over every class of <see cref="ClassNames"/>.
    /// </summary>
    public ClassSubset ScoredClasses { get; init; } = ClassSubset.Present;

    /// <summary>A sample's classes as text for plot legends: their names joined by <c>+</c>, or <c>none</c> when it has none.</summary>
    public string LabelText(SampleMetadata sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        var labels = LabelsOf(sample);
        return labels.Count == 0 ? "none" : string.Join("+", labels.Select(l => ClassNames[l]));
    }

    /// <summary>The name of the <see cref="Localization"/> task in reports and score tables.</summary>
    public const string LocalizationName = "protein localization";

    /// <summary>HPA protein localization: the multi-label <see cref="SampleMetadata.Labels"/> over <paramref name="classNames"/>.</summary>
    public static EvaluationTask Localization(IReadOnlyList<string> classNames) =>
        new(LocalizationName, ProbeTaskKind.MultiLabel, classNames, m => m.Labels);

    /// <summary>A multi-class task over a metadata string (cell line, treatment, MoA); classes are the sorted distinct values.</summary>
    public static EvaluationTask FromColumn(string name, IEnumerable<SampleMetadata> samples, Func<SampleMetadata, string?> column)
    {
        var names = samples.Select(m => column(m) ?? throw new ArgumentException($"Task '{name}': sample {m.Id} has no value (its metadata lacks the column the task reads)."))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        if (names.Length < 2) throw new ArgumentException($"Task '{name}' needs at least two classes, found {names.Length}.");
        var index = names.Select((n, i) => (n, i)).ToDictionary(x => x.n, x => x.i, StringComparer.Ordinal);
        return new(name, ProbeTaskKind.MultiClass, names, m =>
        {
            var v = column(m) ?? throw new ArgumentException($"Task '{name}': sample {m.Id} has no value.");
            return index.TryGetValue(v, out var i) ? [i] : throw new ArgumentException($"Task '{name}': sample {m.Id} has class '{v}' not seen when the task was defined.");
        });
    }

    /// <summary>HPA cell-line classification.</summary>
    public static EvaluationTask CellLine(IEnumerable<SampleMetadata> samples) => FromColumn(CellLineName, samples, m => m.CellLine);

    /// <summary>The name of the <see cref="CellLine"/> task in reports and score tables.</summary>
    public const string CellLineName = "cell line";
}
