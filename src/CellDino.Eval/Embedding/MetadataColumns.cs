using System.Globalization;
using System.Text.Json;
using CellDino.Data.Samples;

namespace CellDino.Eval.Embedding;

/// <summary>
/// The metadata columns written beside embeddings, named as profiling tools expect (pycytominer's <c>Metadata_</c>
/// prefix). Parquet gets them typed, with every <see cref="SampleMetadata.Extra"/> key expanded into its own column;
/// the npy + csv format writes the same core columns as text and the extras as one JSON column.
/// </summary>
internal static class MetadataColumns
{
    public const string Id = "Metadata_Id", ImageId = "Metadata_ImageId", CellId = "Metadata_CellId", Labels = "Metadata_Labels",
        LabelNames = "Metadata_LabelNames", CellLine = "Metadata_CellLine", Plate = "Metadata_Plate", Well = "Metadata_Well",
        Site = "Metadata_Site", Treatment = "Metadata_Treatment", Moa = "Metadata_MoA", IsControl = "Metadata_IsControl",
        ExtraJson = "Metadata_Extra";

    /// <summary>The typed core columns, in file order.</summary>
    public static readonly string[] Core = [Id, ImageId, CellId, Labels, LabelNames, CellLine, Plate, Well, Site, Treatment, Moa, IsControl];

    /// <summary>The header of the csv beside an .npy shard.</summary>
    public static readonly string[] CsvNames = [.. Core, ExtraJson];

    /// <summary>
    /// The extra columns of <paramref name="meta"/> (every row of the dataset, so that all shards share one schema), in
    /// first-seen key order: the key itself when it already carries the <c>Metadata_</c> prefix (LoadData columns), else
    /// <c>Metadata_</c> + key; a name that would clash with a core column (or another extra) gets <c>Extra_</c> instead.
    /// Each is typed from all its values (<see cref="ExtraColumn"/>).
    /// </summary>
    public static IReadOnlyList<ExtraColumn> ExtraColumns(IEnumerable<SampleMetadata> meta)
    {
        var taken = new HashSet<string>(Core, StringComparer.OrdinalIgnoreCase) { ExtraJson };
        var columns = new Dictionary<string, (string Column, ExtraColumn.Inference Type)>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var m in meta)
            foreach (var (key, value) in m.Extra)
            {
                if (!columns.TryGetValue(key, out var c))
                {
                    var column = key.StartsWith("Metadata_", StringComparison.OrdinalIgnoreCase) ? key : "Metadata_" + key;
                    if (!taken.Add(column))
                    {
                        column = "Extra_" + key;
                        for (int n = 2; !taken.Add(column); n++) column = $"Extra_{key}_{n}";
                    }
                    columns[key] = c = (column, new ExtraColumn.Inference());
                    order.Add(key);
                }
                c.Type.Add(value);
            }
        return order.Select(k => new ExtraColumn(columns[k].Column, k, columns[k].Type.Type)).ToArray();
    }

    public static string? LabelNamesOf(SampleMetadata m, IReadOnlyList<string>? classNames) =>
        classNames is null || classNames.Count == 0 || m.Labels.Count == 0 ? null
            : string.Join('|', m.Labels.Select(l => l >= 0 && l < classNames.Count ? classNames[l] : l.ToString(CultureInfo.InvariantCulture)));

    public static string? LabelsText(SampleMetadata m) => m.Labels.Count == 0 ? null : string.Join(' ', m.Labels);

    public static int[] ParseLabels(string? text) =>
        string.IsNullOrWhiteSpace(text) ? [] : text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();

    public static string?[] ToCsvRow(SampleMetadata m, IReadOnlyList<string>? classNames) =>
    [
        m.Id, m.ImageId, m.CellId?.ToString(CultureInfo.InvariantCulture), LabelsText(m), LabelNamesOf(m, classNames), m.CellLine, m.Plate, m.Well,
        m.Site?.ToString(CultureInfo.InvariantCulture), m.Treatment, m.MechanismOfAction, m.IsControl ? "true" : "false",
        m.Extra.Count == 0 ? null : JsonSerializer.Serialize(m.Extra),
    ];

    public static SampleMetadata FromCsvRow(IReadOnlyList<string?> v, string file, int row) => Guard(file, row, () => new SampleMetadata
    {
        Id = v[0] ?? throw new FormatException("id is empty"),
        ImageId = Empty(v[1]),
        CellId = Empty(v[2]) is { } c ? int.Parse(c, CultureInfo.InvariantCulture) : null,
        Labels = ParseLabels(v[3]),
        CellLine = Empty(v[5]),
        Plate = Empty(v[6]),
        Well = Empty(v[7]),
        Site = Empty(v[8]) is { } s ? int.Parse(s, CultureInfo.InvariantCulture) : null,
        Treatment = Empty(v[9]),
        MechanismOfAction = Empty(v[10]),
        IsControl = v[11] == "true",
        Extra = Empty(v[12]) is { } e ? JsonSerializer.Deserialize<Dictionary<string, string>>(e) ?? [] : new Dictionary<string, string>(),
    });

    public static SampleMetadata Guard(string file, int row, Func<SampleMetadata> read)
    {
        try
        {
            return read();
        }
        catch (Exception ex) when (ex is FormatException or JsonException or OverflowException)
        {
            throw new InvalidDataException($"{file}, row {row}: metadata is malformed ({ex.Message}).", ex);
        }
    }

    public static string? Empty(string? s) => string.IsNullOrEmpty(s) ? null : s;
}
