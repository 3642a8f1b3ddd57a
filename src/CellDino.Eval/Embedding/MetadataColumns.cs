using System.Globalization;
using System.Text.Json;
using CellDino.Data.Samples;

namespace CellDino.Eval.Embedding;

/// <summary>The flat metadata columns written beside embeddings, shared by the Parquet and CSV formats.</summary>
internal static class MetadataColumns
{
    public static readonly string[] Names =
        ["id", "image_id", "cell_id", "labels", "cell_line", "plate", "well", "site", "treatment", "moa", "is_control", "extra"];

    public static string?[] ToRow(SampleMetadata m) =>
    [
        m.Id, m.ImageId, m.CellId?.ToString(CultureInfo.InvariantCulture), string.Join(' ', m.Labels), m.CellLine, m.Plate, m.Well,
        m.Site?.ToString(CultureInfo.InvariantCulture), m.Treatment, m.MechanismOfAction, m.IsControl ? "true" : "false",
        m.Extra.Count == 0 ? null : JsonSerializer.Serialize(m.Extra),
    ];

    public static SampleMetadata FromRow(IReadOnlyList<string?> v, string file, int row)
    {
        try
        {
            return new SampleMetadata
            {
                Id = v[0] ?? throw new FormatException("id is empty"),
                ImageId = Empty(v[1]),
                CellId = Empty(v[2]) is { } c ? int.Parse(c, CultureInfo.InvariantCulture) : null,
                Labels = string.IsNullOrWhiteSpace(v[3]) ? [] : v[3]!.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray(),
                CellLine = Empty(v[4]),
                Plate = Empty(v[5]),
                Well = Empty(v[6]),
                Site = Empty(v[7]) is { } s ? int.Parse(s, CultureInfo.InvariantCulture) : null,
                Treatment = Empty(v[8]),
                MechanismOfAction = Empty(v[9]),
                IsControl = v[10] == "true",
                Extra = Empty(v[11]) is { } e ? JsonSerializer.Deserialize<Dictionary<string, string>>(e) ?? [] : new Dictionary<string, string>(),
            };
        }
        catch (Exception ex) when (ex is FormatException or JsonException or OverflowException)
        {
            throw new InvalidDataException($"{file}, row {row}: metadata is malformed ({ex.Message}).", ex);
        }
    }

    private static string? Empty(string? s) => string.IsNullOrEmpty(s) ? null : s;
}
