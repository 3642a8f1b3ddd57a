using CellDino.Core.Models;
using CellDino.Eval.Embedding;
using Xunit;
using static TorchSharp.torch;

namespace CellDino.Eval.Tests.Embedding;

public sealed class EmbeddingShardTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "celldino-shards-" + Guid.NewGuid().ToString("N"));
    private readonly VisionTransformer _vit = new(VitConfig.Tiny(8, 4, 32), 3);

    public void Dispose()
    {
        _vit.Dispose();
        if (Directory.Exists(_dir)) Directory.Delete(_dir, true);
    }

    private Embedder NewEmbedder() => new(_vit, new EmbedderOptions { BatchSize = 2, Device = CPU });

    [Theory]
    [InlineData(EmbeddingFileFormat.Parquet)]
    [InlineData(EmbeddingFileFormat.NpyCsv)]
    public void ShardsReadBackAsTheInMemoryEmbedding(EmbeddingFileFormat format)
    {
        var ds = new InMemoryDataset(7);
        var expected = NewEmbedder().EmbedDataset(ds);
        var result = EmbeddingShardWriter.Run(NewEmbedder(), ds, new ShardOptions { OutputDirectory = _dir, RowsPerShard = 3, Format = format });
        Assert.Equal(new EmbeddingRunResult(3, 0, 7), result);
        var back = EmbeddingShards.Read(_dir);
        Assert.Equal(expected.Features, back.Features);
        Assert.Equal(expected.Metadata.Select(m => m.Id), back.Metadata.Select(m => m.Id));
        for (int i = 0; i < 7; i++)
        {
            var (e, b) = (expected.Metadata[i], back.Metadata[i]);
            Assert.Equal(e.Labels, b.Labels);
            Assert.Equal((e.CellLine, e.Plate, e.Well, e.Site, e.Treatment, e.MechanismOfAction, e.IsControl), (b.CellLine, b.Plate, b.Well, b.Site, b.Treatment, b.MechanismOfAction, b.IsControl));
            Assert.Equal(e.Extra, b.Extra);
        }
        Assert.Empty(Directory.GetFiles(_dir, "*.tmp*"));
    }

    [Fact]
    public void ResumeSkipsFinishedShardsAndRedoesOnlyTheMissingOne()
    {
        var ds = new InMemoryDataset(7);
        var opts = new ShardOptions { OutputDirectory = _dir, RowsPerShard = 3 };
        EmbeddingShardWriter.Run(NewEmbedder(), ds, opts);
        var full = EmbeddingShards.Read(_dir);
        File.Delete(Path.Combine(_dir, "part-000002.parquet")); // as if killed while writing the last shard (rows 4-6)
        ds.Gets = 0;
        var result = EmbeddingShardWriter.Run(NewEmbedder(), ds, opts);
        Assert.Equal(new EmbeddingRunResult(1, 2, 3), result);
        Assert.Equal(3, ds.Gets);
        Assert.Equal(full.Features, EmbeddingShards.Read(_dir).Features);
    }

    [Fact]
    public void CancellationLeavesOnlyCompleteShards()
    {
        var ds = new InMemoryDataset(9);
        using var cts = new CancellationTokenSource();
        var progress = new SyncProgress(p => { if (p.Done >= 3) cts.Cancel(); });
        Assert.ThrowsAny<OperationCanceledException>(() =>
            EmbeddingShardWriter.Run(NewEmbedder(), ds, new ShardOptions { OutputDirectory = _dir, RowsPerShard = 3 }, progress, cts.Token));
        var files = Directory.GetFiles(_dir).Select(f => Path.GetFileName(f)!).Order().ToArray();
        Assert.Equal(new[] { "embeddings.json", "part-000000.parquet" }, files);
        var resumed = EmbeddingShardWriter.Run(NewEmbedder(), ds, new ShardOptions { OutputDirectory = _dir, RowsPerShard = 3 });
        Assert.Equal(new EmbeddingRunResult(2, 1, 6), resumed);
    }

    [Fact]
    public void JobArraySplitsShardsAndReadRequiresAllOfThem()
    {
        var ds = new InMemoryDataset(8);
        var first = EmbeddingShardWriter.Run(NewEmbedder(), ds, new ShardOptions { OutputDirectory = _dir, RowsPerShard = 2, JobIndex = 0, JobCount = 3 });
        Assert.Equal(new EmbeddingRunResult(2, 0, 2), first); // shards 0 and 1: rows 0-1 of the job's range 0-1
        var ex = Assert.Throws<InvalidDataException>(() => EmbeddingShards.Read(_dir));
        Assert.Contains("part-000002", ex.Message);
        EmbeddingShardWriter.Run(NewEmbedder(), ds, new ShardOptions { OutputDirectory = _dir, RowsPerShard = 2, JobIndex = 1, JobCount = 3 });
        EmbeddingShardWriter.Run(NewEmbedder(), ds, new ShardOptions { OutputDirectory = _dir, RowsPerShard = 2, JobIndex = 2, JobCount = 3 });
        Assert.Equal(NewEmbedder().EmbedDataset(ds).Features, EmbeddingShards.Read(_dir).Features);
        Assert.Equal((1, 8), ShardOptions.ParseJob("2/8"));
        Assert.Throws<ArgumentException>(() => ShardOptions.ParseJob("0/8"));
    }

    [Fact]
    public void EveryJobGetsWorkWhenTheDatasetIsSmallerThanJobsTimesShards()
    {
        // 9 images, the default 10,000 rows per shard, 4 jobs: shards shrink to 2 rows so that each job embeds some.
        var ds = new InMemoryDataset(9);
        long rows = 0;
        for (int job = 0; job < 4; job++)
        {
            var r = EmbeddingShardWriter.Run(NewEmbedder(), ds, new ShardOptions { OutputDirectory = _dir, JobIndex = job, JobCount = 4 });
            Assert.True(r.RowsWritten > 0, $"job {job + 1}/4 embedded nothing");
            rows += r.RowsWritten;
        }
        Assert.Equal(9, rows);
        Assert.Equal(NewEmbedder().EmbedDataset(ds).Features, EmbeddingShards.Read(_dir).Features);
    }

    [Fact]
    public void AHalfFinishedFolderIsNeverContinuedWithAnotherModelDatasetOrPreprocessing()
    {
        var ds = new InMemoryDataset(6);
        Directory.CreateDirectory(_dir);
        // The first run stops after one of its three shards (cancelled).
        using (var cts = new CancellationTokenSource())
        {
            var progress = new SyncProgress(p => { if (p.Done >= 2) cts.Cancel(); });
            Assert.ThrowsAny<OperationCanceledException>(() => EmbeddingShardWriter.Run(NewEmbedder(), ds, new ShardOptions { OutputDirectory = _dir, RowsPerShard = 2 }, progress, cts.Token));
        }
        string Refused(Embedder e, CellDino.Data.Samples.IMicroscopyDataset d) =>
            Assert.Throws<InvalidOperationException>(() => EmbeddingShardWriter.Run(e, d, new ShardOptions { OutputDirectory = _dir, RowsPerShard = 2 })).Message;

        using var otherVit = new VisionTransformer(VitConfig.Tiny(8, 4, 32), 4); // same architecture, other weights
        Assert.Contains("different model", Refused(new Embedder(otherVit, new EmbedderOptions { BatchSize = 2, Device = CPU }), ds));
        var shifted = CellDino.Data.Samples.DatasetSubset.Range(new InMemoryDataset(7), 1, 6); // same count, other ids
        Assert.Contains("different dataset", Refused(NewEmbedder(), shifted));
        Assert.Contains("other preprocessing", Refused(new Embedder(_vit, new EmbedderOptions { BatchSize = 2, Device = CPU, Resize = 40 }), ds));
        var manifest = File.ReadAllText(Path.Combine(_dir, EmbeddingShardWriter.ManifestName));
        Assert.Contains("model_sha256", manifest);
        Assert.Contains("dataset_sha256", manifest);
        // The same run resumes and completes.
        var resumed = EmbeddingShardWriter.Run(NewEmbedder(), ds, new ShardOptions { OutputDirectory = _dir, RowsPerShard = 2 });
        Assert.Equal(6, resumed.RowsWritten + 2 * resumed.ShardsSkipped);
        Assert.Equal(NewEmbedder().EmbedDataset(ds).Features, EmbeddingShards.Read(_dir).Features);
    }

    [Fact]
    public void TwoRunsOfTheSameJobCannotWriteOneFolderAtOnce()
    {
        Directory.CreateDirectory(_dir);
        using var held = new FileStream(Path.Combine(_dir, ".embed-job-1-of-1.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        var ex = Assert.Throws<InvalidOperationException>(() => EmbeddingShardWriter.Run(NewEmbedder(), new InMemoryDataset(2), new ShardOptions { OutputDirectory = _dir }));
        Assert.Contains("another embed run is writing job 1/1", ex.Message);
    }

    [Fact]
    public void AFolderFromAnotherRunIsRefused()
    {
        EmbeddingShardWriter.Run(NewEmbedder(), new InMemoryDataset(4), new ShardOptions { OutputDirectory = _dir, RowsPerShard = 2 });
        var ex = Assert.Throws<InvalidOperationException>(() =>
            EmbeddingShardWriter.Run(NewEmbedder(), new InMemoryDataset(5), new ShardOptions { OutputDirectory = _dir, RowsPerShard = 2 }));
        Assert.Contains("different run", ex.Message);
    }

    [Fact]
    public void JobsGetEvenContiguousRangesForAnyDatasetSizeAndJobCount()
    {
        foreach (int rows in new[] { 0, 1, 2, 3, 7, 15, 16, 17, 100, 999, 1000, 1001, 100_000, 123_457 })
        foreach (int jobs in new[] { 1, 2, 3, 4, 5, 7, 8, 16, 64 })
        foreach (int perShard in new[] { 1, 2, 3, 10, 10_000 })
        {
            var m = new EmbeddingManifest(rows, 4, perShard, EmbeddingFileFormat.Parquet, "ClsToken")
            {
                Shards = EmbeddingManifest.ShardCountFor(rows, perShard, jobs),
            };
            var jobRows = new List<int>();
            int next = 0;
            for (int j = 0; j < jobs; j++)
            {
                var (first, count) = m.JobShards(j, jobs);
                Assert.Equal(next, m.ShardStart(first)); // contiguous: each job starts where the last ended
                int jobEnd = m.ShardStart(first + count);
                for (int k = first; k < first + count; k++)
                {
                    Assert.True(m.RowsIn(k) <= perShard, $"{rows} rows / {jobs} jobs / {perShard} per shard: shard {k} has {m.RowsIn(k)}");
                    Assert.True(m.RowsIn(k) >= 0);
                }
                jobRows.Add(jobEnd - next);
                next = jobEnd;
            }
            Assert.Equal(rows, next);
            Assert.True(jobRows.Max() - jobRows.Min() <= 1, $"{rows} rows over {jobs} jobs ({perShard} per shard): {string.Join(",", jobRows)}");
        }
        // The audit's cases: 100,000 rows as 8 jobs were 20k, 20k, 10k x 6; 15 rows as 4 jobs were 6, 3, 3, 3.
        var big = new EmbeddingManifest(100_000, 4, 10_000, EmbeddingFileFormat.Parquet, "ClsToken") { Shards = EmbeddingManifest.ShardCountFor(100_000, 10_000, 8) };
        Assert.All(Enumerable.Range(0, 8), j => Assert.Equal(12_500, big.ShardStart(big.JobShards(j, 8).First + big.JobShards(j, 8).Count) - big.ShardStart(big.JobShards(j, 8).First)));
        var small = new EmbeddingManifest(15, 4, 10_000, EmbeddingFileFormat.Parquet, "ClsToken") { Shards = EmbeddingManifest.ShardCountFor(15, 10_000, 4) };
        Assert.Equal([3, 4, 4, 4], Enumerable.Range(0, 4).Select(small.RowsIn));
    }

    [Theory]
    [InlineData(15, 4, 2)]
    [InlineData(7, 3, 10_000)]
    [InlineData(9, 2, 3)]
    [InlineData(3, 5, 1)] // more jobs than rows: two jobs have nothing to embed
    [InlineData(16, 8, 1)]
    public void TheShardsOfAllJobsHoldTheUnshardedRunsIdsAndFeatures(int rows, int jobs, int perShard)
    {
        var ds = new InMemoryDataset(rows);
        var whole = NewEmbedder().EmbedDataset(ds);
        long written = 0;
        for (int j = 0; j < jobs; j++)
            written += EmbeddingShardWriter.Run(NewEmbedder(), ds, new ShardOptions { OutputDirectory = _dir, RowsPerShard = perShard, JobIndex = j, JobCount = jobs }).RowsWritten;
        Assert.Equal(rows, written);
        var back = EmbeddingShards.Read(_dir);
        Assert.Equal(whole.Metadata.Select(m => m.Id), back.Metadata.Select(m => m.Id));
        Assert.Equal(whole.Features, back.Features);
    }

    [Fact]
    public void ReadingAFolderThatIsNotAnEmbeddingFolderSaysHowToMakeOne()
    {
        var missing = Assert.Throws<FileNotFoundException>(() => EmbeddingShards.Read(Path.Combine(_dir, "nope")));
        Assert.Contains(Path.Combine(_dir, "nope"), missing.Message);
        Assert.Contains("celldino embed --out", missing.Message);
        Directory.CreateDirectory(_dir);
        var empty = Assert.Throws<FileNotFoundException>(() => EmbeddingShards.Read(_dir));
        Assert.Equal($"{_dir} is not an embedding folder (no embeddings.json); run `celldino embed --out {_dir}` first.", empty.Message);
    }

    private sealed class SyncProgress(Action<EmbeddingProgress> report) : IProgress<EmbeddingProgress>
    {
        public void Report(EmbeddingProgress value) => report(value);
    }
}
