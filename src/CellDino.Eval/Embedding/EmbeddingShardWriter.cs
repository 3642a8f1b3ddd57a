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
        AtomicFile.CreateDirectory(options.OutputDirectory);
        var manifest = new EmbeddingManifest(dataset.Count, embedder.Dim, options.RowsPerShard, options.Format, embedder.Options.Kind.ToString())
        {
            // Every job computes the same layout from (count, rows per shard, job count), so their manifests agree.
            Shards = EmbeddingManifest.ShardCountFor(dataset.Count, options.RowsPerShard, options.JobCount),
            ModelSha256 = EmbeddingFingerprint.Model(embedder.Model),
            DatasetSha256 = EmbeddingFingerprint.Dataset(dataset),
            Preprocessing = EmbeddingFingerprint.Preprocessing(embedder.Options),
            CellDinoVersion = EmbeddingFingerprint.Version(),
        };
        var provenance = EmbeddingFingerprint.Provenance(embedder, manifest, options.CheckpointPath, dataset);
        // One writer per job: a second run of the same job on this folder fails instead of interleaving shards.
        using var jobLock = LockJob(options);
        // The jobs of one array start together: one of them creates the manifest, the others check theirs against it.
        using (LockFolder(options.OutputDirectory)) EnsureManifest(options.OutputDirectory, manifest);

        var (first, count) = manifest.JobShards(options.JobIndex, options.JobCount);
        var mine = Enumerable.Range(first, count).Where(k => manifest.RowsIn(k) > 0).ToList();
        var todo = mine.Where(k => !ShardFiles.IsComplete(options.OutputDirectory, k, options.Format)).ToList();
        long totalRows = todo.Sum(k => (long)manifest.RowsIn(k));
        long doneBefore = 0;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        long written = 0;
        foreach (var k in todo)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int start = manifest.ShardStart(k), rows = manifest.RowsIn(k);
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

    private static FileStream LockJob(ShardOptions options)
    {
        var path = Path.Combine(options.OutputDirectory, $".embed-job-{options.JobIndex + 1}-of-{options.JobCount}.lock");
        return TryLock(path) ?? throw new InvalidOperationException(
            $"another embed run is writing job {options.JobIndex + 1}/{options.JobCount} of {options.OutputDirectory} ({path} is locked); wait for it or use another folder.");
    }

    // Held for the milliseconds of the manifest check, so a job that finds it taken waits its turn.
    private static FileStream LockFolder(string dir)
    {
        var path = Path.Combine(dir, ".embed.lock");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            if (TryLock(path) is { } held) return held;
            if (clock.Elapsed > FolderLockTimeout)
                throw new InvalidOperationException($"{path} stayed locked for {FolderLockTimeout.TotalSeconds:F0} s; another embed run holds it (or hung): wait for it or use another folder.");
            Thread.Sleep(20);
        }
    }

    private static readonly TimeSpan FolderLockTimeout = TimeSpan.FromSeconds(60);

    /// <summary>An exclusive lock on <paramref name="path"/> (deleted when released), or null when another process holds it.</summary>
    private static FileStream? TryLock(string path)
    {
        try
        {
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
        }
        catch (IOException ex) when (ex.GetType() == typeof(IOException) && File.Exists(path))
        {
            return null; // "being used by another process": the lock is held
        }
        catch (Exception ex) when (FileWriteException.IsWriteFailure(ex))
        {
            throw FileWriteException.From(path, ex);
        }
    }

    private static void EnsureManifest(string dir, EmbeddingManifest manifest)
    {
        var path = Path.Combine(dir, ManifestName);
        // Created without overwriting: even where file locks do not hold (some network file systems) only one job's
        // manifest lands, and every other job is checked against it.
        if (!File.Exists(path) && AtomicFile.TryCreateText(path, JsonSerializer.Serialize(manifest, EmbeddingManifest.JsonOptions))) return;
        var existing = EmbeddingManifest.Load(path);
        if (existing.Difference(manifest) is { } why)
            throw new InvalidOperationException(
                $"{path} describes a different run than this one: {why}. Its shards would be mixed with this run's: use another output folder, or delete that one to start over.");
    }
}
