using System.Text.Json;
using System.Text.Json.Serialization;

namespace CellDino.Eval.Embedding;

/// <summary>Describes a folder of embedding shards, so that resumed and parallel jobs agree on the layout.</summary>
/// <param name="Rows">Rows in the whole dataset.</param>
/// <param name="Dim">Embedding width.</param>
/// <param name="RowsPerShard">Rows per shard file.</param>
/// <param name="Format">File format.</param>
/// <param name="Kind">Embedding kind.</param>
public sealed record EmbeddingManifest(int Rows, int Dim, int RowsPerShard, EmbeddingFileFormat Format, string Kind)
{
    internal static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>Number of shard files.</summary>
    public int ShardCount => (Rows + RowsPerShard - 1) / RowsPerShard;

    /// <summary>Rows in shard <paramref name="shard"/>.</summary>
    public int RowsIn(int shard) => Math.Min(RowsPerShard, Rows - shard * RowsPerShard);

    /// <summary>Reads a manifest file.</summary>
    public static EmbeddingManifest Load(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<EmbeddingManifest>(File.ReadAllText(path), JsonOptions)
                   ?? throw new InvalidDataException($"{path}: empty embedding manifest.");
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{path}: not a valid embedding manifest ({ex.Message}).", ex);
        }
    }
}
