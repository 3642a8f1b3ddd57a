namespace CellDino.Data.Readers;

/// <summary>One piece of bad input a reader skipped under <see cref="BadInputPolicy.SkipAndReport"/>.</summary>
/// <param name="FilePath">The offending file.</param>
/// <param name="Row">1-based CSV row, when the problem is tied to one.</param>
/// <param name="Reason">What was wrong and what was expected.</param>
public sealed record DatasetProblem(string FilePath, int? Row, string Reason)
{
    /// <summary>The problem an exception describes.</summary>
    public static DatasetProblem From(DataFormatException e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return new DatasetProblem(e.FilePath, e.Row, e.Reason);
    }

    /// <inheritdoc />
    public override string ToString() => Row is { } r ? $"{FilePath}, row {r}: {Reason}" : $"{FilePath}: {Reason}";
}
