using System.Globalization;
using System.Text;

namespace CellDino.Core.Training;

/// <summary>
/// <c>training_log.csv</c>: one row per step with the loss terms, schedules and health signals. Rows are appended and
/// flushed as the steps complete, so a killed run keeps every row it reported; opening it to resume keeps exactly the
/// rows of the iterations the checkpoint contains and continues after them.
/// </summary>
public sealed class TrainingLog : IDisposable
{
    /// <summary>The columns, in order (DINOv2's names for the loss terms).</summary>
    public static readonly IReadOnlyList<string> Columns =
    [
        "iteration", "loss", "dino_local_crops_loss", "dino_global_crops_loss", "koleo_loss", "ibot_loss",
        "lr", "wd", "momentum", "teacher_temp",
        "teacher_entropy", "ln_k", "batch_mean_teacher_entropy", "student_teacher_kl", "teacher_cls_std", "effective_rank", "center_norm",
        "collapse",
    ];

    private readonly StreamWriter _writer;
    private readonly string _path;

    private TrainingLog(StreamWriter writer, string path) => (_writer, _path) = (writer, path);

    /// <summary>
    /// Opens <paramref name="path"/> for a run that continues after iteration <paramref name="resumeIteration"/> − 1:
    /// 0 starts a new log (replacing any file there); a resume keeps the rows with iteration below it. A file whose
    /// header is not this log's is refused rather than mixed.
    /// </summary>
    /// <exception cref="FileWriteException">The log could not be written.</exception>
    public static TrainingLog Open(string path, long resumeIteration = 0)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentOutOfRangeException.ThrowIfNegative(resumeIteration);
        var header = string.Join(',', Columns);
        var kept = new StringBuilder(header).Append('\n');
        if (resumeIteration > 0 && File.Exists(path))
        {
            using var reader = new StreamReader(path);
            var first = reader.ReadLine();
            if (first is not null && first != header)
                throw new InvalidDataException($"{path}: not a CellDino training log of this version (header '{first}'); move it away to resume.");
            string? line;
            while ((line = reader.ReadLine()) is not null)
            {
                int comma = line.IndexOf(',');
                if (comma > 0 && long.TryParse(line.AsSpan(0, comma), NumberStyles.Integer, CultureInfo.InvariantCulture, out var it) && it < resumeIteration)
                    kept.Append(line).Append('\n');
            }
        }
        AtomicFile.WriteAllText(path, kept.ToString());
        try
        {
            var writer = new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read), new UTF8Encoding(false)) { NewLine = "\n" };
            return new TrainingLog(writer, path);
        }
        catch (Exception e) when (FileWriteException.IsWriteFailure(e))
        {
            throw FileWriteException.From(path, e);
        }
    }

    /// <summary>Appends one step's row and flushes it to the file.</summary>
    /// <exception cref="FileWriteException">The row could not be written (disk full).</exception>
    public void Append(TrainingProgress p)
    {
        ArgumentNullException.ThrowIfNull(p);
        try
        {
            _writer.WriteLine(Row(p));
            _writer.Flush();
        }
        catch (Exception e) when (FileWriteException.IsWriteFailure(e))
        {
            throw FileWriteException.From(_path, e);
        }
    }

    /// <summary>One CSV row for <paramref name="p"/> in the order of <see cref="Columns"/> (empty where a value is absent).</summary>
    public static string Row(TrainingProgress p)
    {
        ArgumentNullException.ThrowIfNull(p);
        var h = p.Health;
        double Term(string key) => p.Terms.TryGetValue(key, out var v) ? v : double.NaN;
        var cells = new[]
        {
            F(p.Iteration), F(p.Loss), F(Term("dino_local_crops_loss")), F(Term("dino_global_crops_loss")), F(Term("koleo_loss")), F(Term("ibot_loss")),
            F(p.LearningRate), F(p.WeightDecay), F(p.Momentum), F(p.TeacherTemperature),
            F(h?.TeacherEntropy), F(h?.LogPrototypes), F(h?.BatchMeanTeacherEntropy), F(h?.StudentTeacherKl), F(h?.TeacherClsStd), F(h?.EffectiveRank), F(h?.CenterNorm),
            string.Join('|', p.ActiveCollapses.Select(k => k.ToString().ToLowerInvariant())),
        };
        return string.Join(',', cells);
    }

    private static string F(double? v) => v is { } x && !double.IsNaN(x) ? x.ToString("R", CultureInfo.InvariantCulture) : "";

    private static string F(long v) => v.ToString(CultureInfo.InvariantCulture);

    /// <summary>Closes the file.</summary>
    public void Dispose() => _writer.Dispose();
}
