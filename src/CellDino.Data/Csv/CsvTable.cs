using System.Text;

namespace CellDino.Data.Csv;

/// <summary>
/// A small RFC 4180 CSV reader: a header row, comma separators, double-quoted fields that may hold
/// commas, doubled quotes and line breaks, CRLF or LF line ends. Every data row must have as many
/// fields as the header; a malformed row throws <see cref="DataFormatException"/> naming file and row.
/// </summary>
public sealed class CsvTable
{
    private readonly Dictionary<string, int> _columns;
    private readonly List<CsvRow> _rows = new();
    private const int MaxHeaderChars = 1 << 20;

    private CsvTable(string filePath, string[] header)
    {
        FilePath = filePath;
        Header = header;
        _columns = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (int i = 0; i < header.Length; i++)
        {
            if (!_columns.TryAdd(header[i], i))
                throw new DataFormatException(filePath, $"duplicate column '{header[i]}' in the header.", 1);
        }
    }

    /// <summary>The file the table was read from.</summary>
    public string FilePath { get; }

    /// <summary>Column names in file order.</summary>
    public IReadOnlyList<string> Header { get; }

    /// <summary>The data rows (header excluded), in file order.</summary>
    public IReadOnlyList<CsvRow> Rows => _rows;

    /// <summary>Rows left out through the <c>onBadRow</c> handler while reading.</summary>
    public int SkippedRows { get; private set; }

    /// <summary>
    /// Throws <see cref="DataFormatException"/> naming the file when it has a header and not a single data row (rows
    /// skipped as bad do not count as missing): a reader then reports the file, not an empty dataset in its folder.
    /// </summary>
    /// <param name="expected">What one row stands for, e.g. <c>one row per image (Id,Target)</c>.</param>
    public CsvTable RequireRows(string expected)
    {
        if (_rows.Count == 0 && SkippedRows == 0)
            throw new DataFormatException(FilePath, $"the CSV has a header but no data rows; expected {expected}.", 2);
        return this;
    }

    /// <summary>True when the header has <paramref name="column"/> (case-insensitive).</summary>
    public bool HasColumn(string column) => _columns.ContainsKey(column);

    /// <summary>Index of <paramref name="column"/> (case-insensitive), or -1.</summary>
    public int IndexOf(string column) => _columns.TryGetValue(column, out int i) ? i : -1;

    /// <summary>Index of <paramref name="column"/>; throws <see cref="DataFormatException"/> listing the header when absent.</summary>
    public int RequireColumn(string column) =>
        _columns.TryGetValue(column, out int i)
            ? i
            : throw new DataFormatException(FilePath, $"expected a column '{column}'; the header has: {string.Join(", ", Header)}.", 1);

    /// <summary>Reads <paramref name="path"/> (UTF-8, BOM optional; other encodings are an error naming the row and byte).</summary>
    /// <param name="path">The CSV file.</param>
    /// <param name="onBadRow">When given, a row with the wrong number of fields is handed to it and left out instead of thrown (quoting errors still throw).</param>
    /// <exception cref="DataFormatException">The file is missing, empty or has a malformed row.</exception>
    public static CsvTable Read(string path, Action<DataFormatException>? onBadRow = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DataFormatException(path, $"cannot read the CSV file ({e.Message}).", inner: e);
        }
        return Parse(path, DecodeUtf8(path, bytes), onBadRow);
    }

    /// <summary>The header row of <paramref name="path"/> without reading the rest of the file (to pick columns before reading).</summary>
    /// <exception cref="DataFormatException">The file is missing, unreadable or empty.</exception>
    public static IReadOnlyList<string> ReadHeader(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string? line;
        try
        {
            // Bounded: a file without line breaks must not be read whole just to find its header.
            using var reader = new StreamReader(path, Encoding.UTF8);
            var buffer = new char[MaxHeaderChars + 1];
            int n = reader.ReadBlock(buffer, 0, buffer.Length);
            int end = Array.IndexOf(buffer, '\n', 0, n);
            if (end < 0 && n > MaxHeaderChars)
                throw new DataFormatException(path, $"the header row is longer than {MaxHeaderChars} characters; expected a CSV header line.", 1);
            line = new string(buffer, 0, end < 0 ? n : end).TrimEnd('\r');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DataFormatException(path, $"cannot read the CSV file ({e.Message}).", inner: e);
        }
        return Parse(path, line ?? "").Header;
    }

    // Strict UTF-8: a Latin-1 or UTF-16 file decoded leniently turns bytes into U+FFFD, which then surfaces far away as
    // a "missing file" with a mangled name. Name the row and the byte instead.
    private static string DecodeUtf8(string path, byte[] bytes)
    {
        var span = bytes.AsSpan();
        if (span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) span = span[3..];
        if (System.Text.Unicode.Utf8.IsValid(span)) return Encoding.UTF8.GetString(span);
        var chars = new char[span.Length];
        System.Text.Unicode.Utf8.ToUtf16(span, chars, out int valid, out _, replaceInvalidSequences: false);
        int row = 1 + span[..valid].Count((byte)'\n');
        throw new DataFormatException(path, $"byte 0x{span[valid]:X2} at offset {valid + (bytes.Length - span.Length)} is not UTF-8; save the CSV as UTF-8 " +
            "(e.g. from Excel: \"CSV UTF-8\").", row);
    }

    /// <summary>Parses CSV <paramref name="text"/>; <paramref name="filePath"/> only names the source in errors.</summary>
    /// <param name="filePath">Source name for messages.</param>
    /// <param name="text">CSV content.</param>
    /// <param name="onBadRow">As in <see cref="Read(string, Action{DataFormatException})"/>.</param>
    public static CsvTable Parse(string filePath, string text, Action<DataFormatException>? onBadRow = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parser = new Parser(filePath, text);
        if (!parser.Next(out var header, out _))
            throw new DataFormatException(filePath, "the CSV file is empty; expected a header row.", 1);
        var table = new CsvTable(filePath, header);
        while (parser.Next(out var fields, out int row))
        {
            // A blank line (one empty field) is tolerated anywhere, e.g. a trailing newline pair.
            if (fields.Length == 1 && fields[0].Length == 0 && header.Length != 1) continue;
            if (fields.Length != header.Length)
            {
                var e = new DataFormatException(filePath, $"expected {header.Length} fields as in the header, got {fields.Length}.", row);
                if (onBadRow is null) throw e;
                table.SkippedRows++;
                onBadRow(e);
                continue;
            }
            table._rows.Add(new CsvRow(table, fields, row));
        }
        return table;
    }

    /// <summary>Quotes <paramref name="field"/> when RFC 4180 requires it (comma, quote or line break).</summary>
    public static string Escape(string field)
    {
        ArgumentNullException.ThrowIfNull(field);
        return field.AsSpan().IndexOfAny(",\"\r\n") < 0 ? field : "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    private sealed class Parser(string filePath, string text)
    {
        private int _pos;
        private int _line = 1;

        public bool Next(out string[] fields, out int row)
        {
            row = _line;
            fields = Array.Empty<string>();
            if (_pos >= text.Length) return false;
            var list = new List<string>();
            var sb = new StringBuilder();
            while (true)
            {
                sb.Clear();
                if (_pos < text.Length && text[_pos] == '"')
                {
                    _pos++;
                    while (true)
                    {
                        if (_pos >= text.Length) throw new DataFormatException(filePath, "unterminated quoted field (a '\"' is never closed).", row);
                        char c = text[_pos++];
                        if (c == '"')
                        {
                            if (_pos < text.Length && text[_pos] == '"') { sb.Append('"'); _pos++; }
                            else break;
                        }
                        else
                        {
                            if (c == '\n') _line++;
                            sb.Append(c);
                        }
                    }
                    if (_pos < text.Length && text[_pos] is not (',' or '\r' or '\n'))
                        throw new DataFormatException(filePath, $"unexpected '{text[_pos]}' after a closing quote; expected a comma or line end.", row);
                }
                else
                {
                    while (_pos < text.Length && text[_pos] is not (',' or '\r' or '\n'))
                    {
                        if (text[_pos] == '"') throw new DataFormatException(filePath, "a '\"' inside an unquoted field; quote the whole field and double inner quotes.", row);
                        sb.Append(text[_pos++]);
                    }
                }
                list.Add(sb.ToString());
                if (_pos >= text.Length) break;
                char sep = text[_pos++];
                if (sep == ',') continue;
                if (sep == '\r' && _pos < text.Length && text[_pos] == '\n') _pos++;
                _line++;
                break;
            }
            fields = list.ToArray();
            return true;
        }
    }
}
