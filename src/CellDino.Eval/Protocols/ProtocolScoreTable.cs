using System.Globalization;
using System.Text;
using CellDino.Data.Csv;
using CellDino.Eval.Probes;

namespace CellDino.Eval.Protocols;

/// <summary>
/// Scores as people read them: one unit everywhere, macro F1, micro F1, accuracy and macro AP × 100 (the paper's
/// convention), labelled as such in CSV headers (<c>macro_f1_x100</c>, ...) and console lines.
/// </summary>
public static class ProtocolScoreTable
{
    /// <summary>The CSV header.</summary>
    public const string CsvHeader = "task,features,classifier,macro_f1_x100,micro_f1_x100,accuracy_x100,macro_ap_x100";

    /// <summary>A CSV of <paramref name="scores"/> with <see cref="CsvHeader"/>; an absent AP is an empty field.</summary>
    public static string Csv(IEnumerable<ProtocolScore> scores)
    {
        ArgumentNullException.ThrowIfNull(scores);
        var sb = new StringBuilder(CsvHeader).Append('\n');
        foreach (var s in scores)
            sb.Append(string.Join(',', CsvTable.Escape(s.Task), CsvTable.Escape(s.Features), CsvTable.Escape(s.Classifier.ToString()),
                X100(s.MacroF1), X100(s.MicroF1), X100(s.Accuracy), s.MacroAp is { } ap ? X100(ap) : "")).Append('\n');
        return sb.ToString();
    }

    /// <summary>One console line: <c>protein localization | kNN (k=1) | macro F1 48.4 | micro F1 ... | macro AP 61.0 (x100)</c>.</summary>
    public static string Line(ProtocolScore s)
    {
        ArgumentNullException.ThrowIfNull(s);
        var line = string.Create(CultureInfo.InvariantCulture,
            $"{s.Task} | {s.Classifier} | macro F1 {s.MacroF1 * 100:F1} | micro F1 {s.MicroF1 * 100:F1} | accuracy {s.Accuracy * 100:F1}");
        return line + (s.MacroAp is { } ap ? string.Create(CultureInfo.InvariantCulture, $" | macro AP {ap * 100:F1}") : "") + " (x100)";
    }

    /// <summary>
    /// The MoA protocol's line in the same unit: <c>MoA micro AUPRC 66.1 | shuffled labels 21.0 | treatment accuracy 40.0 (x100)</c>;
    /// a treatment accuracy that could not be measured reads <c>n/a (needs ≥ 3 wells per treatment ...)</c>.
    /// </summary>
    public static string Line(MoaResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var accuracy = double.IsNaN(result.TreatmentAccuracy)
            ? $"n/a ({result.TreatmentAccuracyNote ?? "too few wells"})"
            : (result.TreatmentAccuracy * 100).ToString("F1", CultureInfo.InvariantCulture);
        return string.Create(CultureInfo.InvariantCulture,
            $"MoA micro AUPRC {result.MicroAuprc * 100:F1} | shuffled labels {result.ShuffledMicroAuprc * 100:F1} | treatment accuracy {accuracy} (x100)");
    }

    /// <summary>The CSV header of <see cref="LowShotCsv"/>.</summary>
    public const string LowShotCsvHeader = "labels_percent,macro_f1_x100_mean,macro_f1_x100_std";

    /// <summary>A CSV of a low-shot curve with <see cref="LowShotCsvHeader"/>: one row per fraction, × 100 like every score.</summary>
    public static string LowShotCsv(IEnumerable<LowShotCurve> curve)
    {
        ArgumentNullException.ThrowIfNull(curve);
        var sb = new StringBuilder(LowShotCsvHeader).Append('\n');
        foreach (var c in curve)
            sb.Append(string.Create(CultureInfo.InvariantCulture, $"{c.Fraction * 100},{c.Mean * 100},{c.Std * 100}")).Append('\n');
        return sb.ToString();
    }

    /// <summary>One console line of a low-shot point: <c>  10.0% of labels: macro F1 48.4 ± 1.2</c>.</summary>
    public static string Line(LowShotCurve point)
    {
        ArgumentNullException.ThrowIfNull(point);
        return string.Create(CultureInfo.InvariantCulture, $"{point.Fraction * 100,6:F1}% of labels: macro F1 {point.Mean * 100:F1} ± {point.Std * 100:F1}");
    }

    private static string X100(double v) => double.IsNaN(v) ? "" : (v * 100).ToString("0.####", CultureInfo.InvariantCulture);
}
