using System.Text.Json;
using System.Text.Json.Serialization;

namespace CellDino.Eval.Embedding;

/// <summary>Describes a folder of embedding shards, so that resumed and parallel jobs agree on the layout.</summary>
/// <param name="Rows">Rows in the whole dataset.</param>
/// <param name="Dim">Embedding width.</param>
/// <param name="RowsPerShard">The most rows one shard file holds (the writer's <see cref="ShardOptions.RowsPerShard"/>).</param>
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

    /// <summary>
    /// Number of shard files, as <see cref="ShardCountFor"/> gave it; 0 in manifests written before job-balanced shards,
    /// whose shards hold <see cref="RowsPerShard"/> rows each (the last fewer).
    /// </summary>
    public int Shards { get; init; }

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
        if (RowsPerShard != other.RowsPerShard || Format != other.Format || Rows != other.Rows || ShardCount != other.ShardCount)
            return $"it has another layout ({Rows} rows in {ShardCount} shards of at most {RowsPerShard}, {Format} vs {other.Rows} in {other.ShardCount} of at most {other.RowsPerShard}, {other.Format}; " +
                   "the shard count follows the number of jobs of --shard i/n)";
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
    public int ShardCount => Shards > 0 ? Shards : (int)(((long)Rows + RowsPerShard - 1) / RowsPerShard);

    /// <summary>
    /// The first dataset row of shard <paramref name="shard"/> (0 ≤ shard ≤ <see cref="ShardCount"/>; at
    /// <see cref="ShardCount"/>, <see cref="Rows"/>). Rows are spread evenly: shards differ by at most one row.
    /// </summary>
    public int ShardStart(int shard) => Shards > 0
        ? (int)((long)shard * Rows / Shards)
        : (int)Math.Min(Rows, (long)shard * RowsPerShard);

    /// <summary>Rows in shard <paramref name="shard"/> (0 for the empty shards of a job array with more jobs than rows).</summary>
    public int RowsIn(int shard) => ShardStart(shard + 1) - ShardStart(shard);

    /// <summary>
    /// The shards job <paramref name="jobIndex"/> of <paramref name="jobCount"/> writes: a contiguous block of
    /// <see cref="ShardCount"/> / <paramref name="jobCount"/> shards, so its rows are one contiguous range of ⌊N/n⌋ or
    /// ⌈N/n⌉ rows.
    /// </summary>
    /// <exception cref="ArgumentException">The shard count is not a multiple of <paramref name="jobCount"/> (another job array wrote the folder).</exception>
    public (int First, int Count) JobShards(int jobIndex, int jobCount)
    {
        if (jobCount < 1 || jobIndex < 0 || jobIndex >= jobCount)
            throw new ArgumentException($"Shard job {jobIndex} of {jobCount} is not valid: expected 0 ≤ index < count.");
        if (ShardCount % jobCount != 0)
            throw new ArgumentException($"{ShardCount} shards cannot be split over {jobCount} jobs; the folder was written by a job array of another size.");
        int per = ShardCount / jobCount;
        return (jobIndex * per, per);
    }

    /// <summary>
    /// The shard count for <paramref name="rows"/> rows over <paramref name="jobCount"/> jobs: every job gets the same
    /// number of shards of at most <paramref name="rowsPerShard"/> rows, so jobs differ by at most one row whatever the
    /// dataset size (100,000 rows over 8 jobs: 12,500 each), and every job computes the same layout.
    /// </summary>
    public static int ShardCountFor(int rows, int rowsPerShard, int jobCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfLessThan(rowsPerShard, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(jobCount, 1);
        long perJob = ((long)rows + jobCount - 1) / jobCount;
        long shardsPerJob = Math.Max(1, (perJob + rowsPerShard - 1) / rowsPerShard);
        return checked((int)(shardsPerJob * jobCount));
    }

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
