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
    /// <summary>SHA-256 of the model's weights (parameters and buffers, in state-dict order).</summary>
    public string? ModelSha256 { get; init; }

    /// <summary>SHA-256 of the dataset's count and ordered sample ids.</summary>
    public string? DatasetSha256 { get; init; }

    /// <summary>Features, crop, resize and normalization (with its values) the embeddings were made with.</summary>
    public string? Preprocessing { get; init; }

    /// <summary>The CellDino version that wrote the folder.</summary>
    public string? CellDinoVersion { get; init; }

    /// <summary>The first field in which <paramref name="other"/> describes a different run, as a sentence; null when it is the same run.</summary>
    public string? Difference(EmbeddingManifest other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (ModelSha256 is null || other.ModelSha256 is null)
            return "it was written without fingerprints (an older CellDino), so it cannot be shown to be the same run";
        if (ModelSha256 != other.ModelSha256) return $"it was embedded with a different model (weights SHA-256 {ModelSha256[..12]}... vs {other.ModelSha256[..12]}...)";
        if (DatasetSha256 != other.DatasetSha256) return $"it holds a different dataset ({Rows} rows, ids SHA-256 {DatasetSha256?[..12]}... vs {other.Rows} rows, {other.DatasetSha256?[..12]}...)";
        if (Preprocessing != other.Preprocessing) return $"it used other preprocessing ({Preprocessing} vs {other.Preprocessing})";
        if (Dim != other.Dim || Kind != other.Kind) return $"it has other features ({Kind}, width {Dim} vs {other.Kind}, width {other.Dim})";
        if (RowsPerShard != other.RowsPerShard || Format != other.Format || Rows != other.Rows)
            return $"it has another layout ({Rows} rows, {RowsPerShard} per shard, {Format} vs {other.Rows}, {other.RowsPerShard}, {other.Format})";
        if (CellDinoVersion != other.CellDinoVersion) return $"it was written by CellDino {CellDinoVersion}, this is {other.CellDinoVersion}";
        return null;
    }

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
