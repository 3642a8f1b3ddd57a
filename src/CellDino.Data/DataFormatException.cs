namespace CellDino.Data;

/// <summary>
/// Bad input data: a missing or corrupt file, an unsupported format, a malformed CSV row or an
/// out-of-range label. The message names the file (and row, when there is one) and what was expected.
/// </summary>
public sealed class DataFormatException : Exception
{
    /// <summary>Creates the exception for <paramref name="filePath"/> (and optionally a 1-based CSV row).</summary>
    public DataFormatException(string filePath, string message, int? row = null, Exception? inner = null)
        : base(Format(filePath, message, row), inner)
    {
        FilePath = filePath;
        Row = row;
        Reason = message;
    }

    /// <summary>The offending file.</summary>
    public string FilePath { get; }

    /// <summary>1-based row of a CSV file (header is row 1), when the problem is in one row.</summary>
    public int? Row { get; }

    /// <summary>What was wrong and what was expected, without the file name.</summary>
    public string Reason { get; }

    private static string Format(string filePath, string message, int? row) =>
        row is { } r ? $"{filePath}, row {r}: {message}" : $"{filePath}: {message}";
}
