using System.Globalization;
using CellDino.Data.Csv;

namespace CellDino.Data.Readers;

/// <summary>Class-name lists kept beside a dataset, such as the HPA <c>classes_2018.csv</c> / <c>classes_2021.csv</c>.</summary>
public static class ClassNameList
{
    /// <summary>At most this many classes: a class file is small, and a larger one is not a class list.</summary>
    public const int MaxClasses = 100_000;

    /// <summary>
    /// Reads a CSV with <c>index</c> and <c>name</c> columns (any row order); the indices must be exactly 0..n−1.
    /// A CSV without an <c>index</c> column is read as one name per row of its first column, in file order.
    /// </summary>
    /// <exception cref="DataFormatException">The file is unreadable, empty, has a missing, duplicate or non-integer index, or an empty name.</exception>
    public static IReadOnlyList<string> Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var table = CsvTable.Read(path);
        if (table.Rows.Count == 0) throw new DataFormatException(path, "the class list has no rows; expected one row per class (index,name).", 1);
        if (table.Rows.Count > MaxClasses) throw new DataFormatException(path, $"the class list has {table.Rows.Count} rows; at most {MaxClasses} classes are supported.", 1);
        if (!table.HasColumn("index"))
            return table.Rows.Select(r => NonEmpty(r, table.Header[0], r[0])).ToArray();

        string nameColumn = table.HasColumn("name") ? "name" : table.Header.FirstOrDefault(h => !h.Equals("index", StringComparison.OrdinalIgnoreCase))
            ?? throw new DataFormatException(path, "expected a name column beside 'index'.", 1);
        var names = new string?[table.Rows.Count];
        foreach (var row in table.Rows)
        {
            var text = row["index"].Trim();
            if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int i) || i >= names.Length)
                throw row.Error($"column 'index': '{text}' is not a class index 0..{names.Length - 1} (one row per class, numbered from 0).");
            if (names[i] is not null) throw row.Error($"class index {i} is listed twice.");
            names[i] = NonEmpty(row, nameColumn, row[nameColumn]);
        }
        return names.Select(n => n!).ToArray();
    }

    /// <summary>The built-in lists by name: <c>hpa</c> (Kaggle 2018, 28 classes), <c>hpa-2021</c> (19 classes), <c>synthetic</c>.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> BuiltIn { get; } = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase)
    {
        ["hpa"] = HpaClasses.Names,
        ["hpa-2021"] = HpaClasses.SingleCell2021Names,
        ["synthetic"] = Synthetic.SyntheticClasses.Names,
    };

    /// <summary>A built-in list by name (<see cref="BuiltIn"/>), or else the class CSV at that path (<see cref="Read"/>).</summary>
    /// <exception cref="ArgumentException">Neither a built-in name nor an existing file.</exception>
    /// <exception cref="DataFormatException">The file is not a class list.</exception>
    public static IReadOnlyList<string> Resolve(string nameOrPath)
    {
        ArgumentNullException.ThrowIfNull(nameOrPath);
        if (BuiltIn.TryGetValue(nameOrPath.Trim(), out var names)) return names;
        return File.Exists(nameOrPath) ? Read(nameOrPath)
            : throw new ArgumentException($"'{nameOrPath}' is neither a class list ({string.Join(", ", BuiltIn.Keys)}) nor an existing class CSV (index,name).", nameof(nameOrPath));
    }

    private static string NonEmpty(CsvRow row, string column, string value) =>
        value.Trim() is { Length: > 0 } v ? v : throw row.Error($"column '{column}' is empty; expected a class name.");
}
