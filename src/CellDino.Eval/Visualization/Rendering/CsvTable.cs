using System.Globalization;
using System.Text;
using CellDino.Core;

namespace CellDino.Eval.Visualization.Rendering;

/// <summary>Builds a small CSV (RFC 4180 quoting, invariant culture, round-trip numbers) and writes it atomically.</summary>
internal sealed class CsvTable
{
    private readonly StringBuilder sb = new();

    /// <summary>Starts a table with the given header.</summary>
    public CsvTable(params string[] header) => Row(header);

    /// <summary>Appends one row of already formatted cells.</summary>
    public void Row(params string[] cells)
    {
        for (int i = 0; i < cells.Length; i++)
        {
            if (i > 0) sb.Append(',');
            sb.Append(Quote(cells[i]));
        }
        sb.Append('\n');
    }

    /// <summary>Formats a number so it parses back to the same value.</summary>
    public static string Num(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Formats an integer.</summary>
    public static string Num(int v) => v.ToString(CultureInfo.InvariantCulture);

    private static string Quote(string s) =>
        s.AsSpan().IndexOfAny(",\"\n\r") >= 0 ? "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : s;

    /// <summary>Writes the table atomically (UTF-8, no BOM).</summary>
    public void Save(string path) => AtomicFile.WriteAllText(path, sb.ToString());
}
