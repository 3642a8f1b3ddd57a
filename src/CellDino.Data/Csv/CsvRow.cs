namespace CellDino.Data.Csv;

/// <summary>One data row of a <see cref="CsvTable"/>, with its 1-based row number (the header is row 1).</summary>
public sealed class CsvRow
{
    private readonly CsvTable _table;
    private readonly string[] _fields;

    internal CsvRow(CsvTable table, string[] fields, int rowNumber)
    {
        _table = table;
        _fields = fields;
        RowNumber = rowNumber;
    }

    /// <summary>1-based row number in the file (header = 1, first data row = 2); multi-line quoted rows count their first line.</summary>
    public int RowNumber { get; }

    /// <summary>The fields in header order.</summary>
    public IReadOnlyList<string> Fields => _fields;

    /// <summary>The field in column <paramref name="column"/>; throws <see cref="DataFormatException"/> naming file and row when the column does not exist.</summary>
    public string this[string column] => _fields[_table.RequireColumn(column)];

    /// <summary>The field at column index <paramref name="index"/>.</summary>
    public string this[int index] => _fields[index];

    /// <summary>The field in <paramref name="column"/>, or null when the table has no such column.</summary>
    public string? GetOrNull(string? column)
    {
        if (column is null) return null;
        int i = _table.IndexOf(column);
        return i < 0 ? null : _fields[i];
    }

    /// <summary>An exception for this row: names the file and row number.</summary>
    public DataFormatException Error(string message, Exception? inner = null) => new(_table.FilePath, message, RowNumber, inner);

    /// <summary>Parses column <paramref name="column"/> as an integer, or throws a <see cref="DataFormatException"/> naming file and row.</summary>
    public int GetInt(string column)
    {
        var s = this[column];
        if (!int.TryParse(s, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out int v))
            throw Error($"column '{column}' must be an integer, got '{s}'.");
        return v;
    }

    /// <summary>Parses column <paramref name="column"/> as a floating-point number, or throws naming file and row.</summary>
    public double GetDouble(string column)
    {
        var s = this[column];
        if (!double.TryParse(s, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double v) || !double.IsFinite(v))
            throw Error($"column '{column}' must be a finite number, got '{s}'.");
        return v;
    }
}
