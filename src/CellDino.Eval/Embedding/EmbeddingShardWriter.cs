using System.Text.Json;
using CellDino.Core;
using CellDino.Data.Samples;

namespace CellDino.Eval.Embedding;

/// <summary>
/// Embeds a dataset into shard files under one folder. Each shard is written atomically, so a killed run restarted
/// with the same options skips the finished shards and loses no rows; memory holds one shard at a time.
/// </summary>
public static class EmbeddingShardWriter
{
    /// <summary>The manifest written beside the shards.</summary>
    public const string ManifestName = "embeddings.json";

    /// <summary>Embeds this job's shards of <paramref name="dataset"/> (see <see cref="ShardOptions"/>).</summary>
    public static EmbeddingRunResult Run(Embedder embedder, IMicroscopyDataset dataset, ShardOptions options,
        IProgress<EmbeddingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(embedder);
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Directory.CreateDirectory(options.OutputDirectory);
        // Jobs take whole shards: with fewer rows than jobs × rows-per-shard, shards shrink so that every job gets one
        // (500 images as 4 jobs: 4 shards of 125, not one shard of 500 for job 1 and nothing for the others). Every job
        // computes the same size from (count, rows per shard, job count), so their manifests agree.
        int rowsPerShard = (int)Math.Max(1, Math.Min(options.RowsPerShard, (long)dataset.Count / options.JobCount));
        var manifest = new EmbeddingManifest(dataset.Count, embedder.Dim, rowsPerShard, options.Format, embedder.Options.Kind.ToString())
        {
            ModelSha256 = EmbeddingFingerprint.Model(embedder.Model),
            DatasetSha256 = EmbeddingFingerprint.Dataset(dataset),
            Preprocessing = EmbeddingFingerprint.Preprocessing(embedder.Options),
            CellDinoVersion = EmbeddingFingerprint.Version(),
        };
        var provenance = EmbeddingFingerprint.Provenance(embedder, manifest, options.CheckpointPath, dataset);
        // One writer per job: a second run of the same job on this folder fails instead of interleaving shards.
        using var jobLock = Lock(options);
        EnsureManifest(options.OutputDirectory, manifest);

        int shardCount = manifest.ShardCount;
        var mine = Enumerable.Range(0, shardCount).Where(k => k % options.JobCount == options.JobIndex).ToList();
        var todo = mine.Where(k => !ShardFiles.IsComplete(options.OutputDirectory, k, options.Format)).ToList();
        long totalRows = todo.Sum(k => (long)manifest.RowsIn(k));
        long doneBefore = 0;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        long written = 0;
        foreach (var k in todo)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int start = k * rowsPerShard, rows = manifest.RowsIn(k);
            var features = new float[(long)rows * embedder.Dim];
            var meta = new SampleMetadata[rows];
            long offset = doneBefore;
            foreach (var (s, f, m) in embedder.EmbedRange(dataset, start, start + rows, null, cancellationToken))
            {
                f.CopyTo(features.AsSpan((s - start) * embedder.Dim));
                m.CopyTo(meta, s - start);
                long done = offset + s - start + m.Length;
                progress?.Report(new EmbeddingProgress(done, totalRows, done / Math.Max(clock.Elapsed.TotalSeconds, 1e-9)));
            }
            ShardFiles.Write(options.OutputDirectory, k, options.Format, features, embedder.Dim, meta, provenance);
            doneBefore += rows;
            written += rows;
        }
        return new EmbeddingRunResult(todo.Count, mine.Count - todo.Count, written);
    }

    private static FileStream Lock(ShardOptions options)
    {
        var path = Path.Combine(options.OutputDirectory, $".embed-job-{options.JobIndex + 1}-of-{options.JobCount}.lock");
        try
        {
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
        }
        catch (IOException ex)
        {
            throw new InvalidOperationException($"another embed run is writing job {options.JobIndex + 1}/{options.JobCount} of {options.OutputDirectory} ({path} is locked); wait for it or use another folder.", ex);
        }
    }

    private static void EnsureManifest(string dir, EmbeddingManifest manifest)
    {
        var path = Path.Combine(dir, ManifestName);
        if (File.Exists(path))
        {
            var existing = EmbeddingManifest.Load(path);
            if (existing.Difference(manifest) is { } why)
                throw new InvalidOperationException(
                    $"{path} describes a different run than this one: {why}. Its shards would be mixed with this run's: use another output folder, or delete that one to start over.");
            return;
        }
        AtomicFile.WriteAllText(path, JsonSerializer.Serialize(manifest, EmbeddingManifest.JsonOptions));
    }
}
