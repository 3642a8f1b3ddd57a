using CellDino.Data.Csv;

namespace CellDino.Data.Readers;

/// <summary>Parses multi-label fields such as <c>"7 1 2 0"</c> or <c>"7|1|2|0"</c> and range-checks them.</summary>
internal static class LabelParser
{
    public const string DefaultSeparators = " |;";

    public static int[] Parse(CsvRow row, string column, int classCount, string separators = DefaultSeparators)
    {
        var text = row[column];
        var parts = text.Split(separators.ToCharArray(), StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var labels = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int v))
                throw row.Error($"column '{column}': '{parts[i]}' is not a class index; expected integers separated by one of '{separators}'.");
            if (v >= classCount)
                throw row.Error($"column '{column}': label index {v} is out of range; expected 0..{classCount - 1} ({classCount} classes).");
            labels[i] = v;
        }
        return labels.Distinct().ToArray();
    }
}
