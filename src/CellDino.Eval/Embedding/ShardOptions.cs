using CellDino.Data;

namespace CellDino.Eval.Embedding;

/// <summary>
/// Where and how an embedding run writes its shards. Job <c>i</c> of <c>n</c> embeds one contiguous range of
/// ⌊N/n⌋ or ⌈N/n⌉ of the dataset's N rows, cut into shards of at most <see cref="RowsPerShard"/> rows (the layout is
/// <see cref="EmbeddingManifest.ShardCountFor"/>), so a job array spreads one dataset evenly over many machines and every
/// job writes distinct files.
/// </summary>
public sealed record ShardOptions
{
    /// <summary>Output folder (created if missing).</summary>
    public required string OutputDirectory { get; init; }

    /// <summary>File format of the shards.</summary>
    public EmbeddingFileFormat Format { get; init; } = EmbeddingFileFormat.Parquet;

    /// <summary>The names of the <see cref="EmbeddingFileFormat"/> values (<c>celldino embed --format</c>): parquet, npy.</summary>
    public static EnumNames<EmbeddingFileFormat> FormatNames { get; } = new(("parquet", EmbeddingFileFormat.Parquet), ("npy", EmbeddingFileFormat.NpyCsv));

    /// <summary>The most rows one shard file holds (shards are evened out within each job's range).</summary>
    public int RowsPerShard { get; init; } = 10_000;

    /// <summary>This job's index, 0-based (<c>--shard i/n</c> on the command line is 1-based).</summary>
    public int JobIndex { get; init; }

    /// <summary>Number of jobs sharing the dataset.</summary>
    public int JobCount { get; init; } = 1;

    /// <summary>
    /// The checkpoint file the model was loaded from; when given, its path and SHA-256 are recorded in every Parquet
    /// shard's key-value metadata (<c>celldino.checkpoint</c>, <c>celldino.checkpoint_sha256</c>).
    /// </summary>
    public string? CheckpointPath { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first bad setting.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(OutputDirectory)) throw new ArgumentException("ShardOptions.OutputDirectory is empty.");
        if (RowsPerShard < 1) throw new ArgumentException($"ShardOptions.RowsPerShard must be at least 1, got {RowsPerShard}.");
        if (JobCount < 1 || JobIndex < 0 || JobIndex >= JobCount)
            throw new ArgumentException($"Shard job {JobIndex} of {JobCount} is not valid: expected 0 ≤ index < count.");
    }

    /// <summary>Parses <c>"i/n"</c> (1-based i, as in <c>--shard 2/8</c>) into (JobIndex, JobCount).</summary>
    public static (int JobIndex, int JobCount) ParseJob(string text)
    {
        var parts = text.Split('/');
        if (parts.Length != 2 || !int.TryParse(parts[0], out int i) || !int.TryParse(parts[1], out int n) || n < 1 || i < 1 || i > n)
            throw new ArgumentException($"Shard '{text}' is not valid: expected i/n with 1 ≤ i ≤ n, e.g. 2/8.");
        return (i - 1, n);
    }
}
