using CellDino.Data;
using CellDino.Data.Loading;
using CellDino.Data.Synthetic;
using TorchSharp;

namespace CellDino.Data.Tests.Loading;

public class DataLoaderTests
{
    private static List<(int[] Indices, float[] Pixels, long[] Shape)> Collect(DataLoader loader, int epoch, int startBatch = 0)
    {
        var result = new List<(int[], float[], long[])>();
        foreach (var b in loader.Epoch(epoch, default, startBatch))
        {
            using (b) result.Add((b.Indices, b.Images.data<float>().ToArray(), b.Images.shape));
        }
        return result;
    }

    [Fact]
    public void Output_is_identical_for_1_2_and_4_workers()
    {
        var ds = new SyntheticDataset(new SyntheticConfig { Seed = 3, Height = 24, Width = 24, MinCellsPerField = 1, MaxCellsPerField = 2 }, 22);
        // A seeded transform: its output must depend on the sample, never on the worker that ran it.
        var noisy = new DelegateSampleTransform((s, ctx) =>
        {
            var px = (float[])s.Image.Pixels.Clone();
            px[0] += ctx.Seed % 1000;
            return s with { Image = new CellDino.Data.Samples.MicroscopyImage(s.Image.ChannelNames, s.Image.Height, s.Image.Width, px, 16) };
        });
        List<(int[] Indices, float[] Pixels, long[] Shape)>? reference = null;
        foreach (int workers in new[] { 1, 2, 4 })
        {
            var loader = new DataLoader(ds, new LoaderOptions { BatchSize = 4, Seed = 9, WorkerCount = workers, QueueCapacity = 2, Transform = noisy });
            var got = Collect(loader, epoch: 1);
            Assert.Equal(6, got.Count);
            Assert.Equal(new long[] { 4, 4, 24, 24 }, got[0].Shape);
            Assert.Equal(new long[] { 2, 4, 24, 24 }, got[^1].Shape);
            if (reference is null) { reference = got; continue; }
            for (int b = 0; b < got.Count; b++)
            {
                Assert.Equal(reference[b].Indices, got[b].Indices);
                Assert.Equal(reference[b].Pixels, got[b].Pixels);
            }
        }
    }

    [Fact]
    public void Collated_pixels_stack_the_samples_in_batch_order()
    {
        var ds = new CountingDataset(7);
        var loader = new DataLoader(ds, new LoaderOptions { BatchSize = 3, Seed = 1, WorkerCount = 2 });
        foreach (var b in loader.Epoch(0))
        {
            using (b)
            {
                var px = b.Images.data<float>().ToArray();
                for (int i = 0; i < b.Count; i++)
                {
                    Assert.Equal($"s{b.Indices[i]}", b.Metadata[i].Id);
                    for (int c = 0; c < 2; c++)
                        for (int p = 0; p < 12; p++)
                            Assert.Equal(100f * b.Indices[i] + c, px[i * 24 + c * 12 + p]);
                }
            }
        }
    }

    [Fact]
    public void Every_index_appears_once_per_epoch_and_epochs_differ()
    {
        var loader = new DataLoader(new CountingDataset(50), new LoaderOptions { BatchSize = 8, Seed = 4, WorkerCount = 2 });
        var e0 = loader.Schedule(0).SelectMany(x => x).ToArray();
        var e1 = loader.Schedule(1).SelectMany(x => x).ToArray();
        Assert.Equal(Enumerable.Range(0, 50), e0.OrderBy(x => x));
        Assert.Equal(Enumerable.Range(0, 50), e1.OrderBy(x => x));
        Assert.NotEqual(e0, e1);
        Assert.NotEqual(Enumerable.Range(0, 50), e0);
        // The streamed epoch follows the schedule.
        Assert.Equal(e1, Collect(loader, 1).SelectMany(b => b.Indices));
        // Same seed and epoch, new loader: same permutation.
        Assert.Equal(e1, new DataLoader(new CountingDataset(50), loader.Options).Schedule(1).SelectMany(x => x));
    }

    [Fact]
    public void Unshuffled_order_is_the_identity()
    {
        var loader = new DataLoader(new CountingDataset(10), new LoaderOptions { BatchSize = 4, Shuffle = false, WorkerCount = 1 });
        Assert.Equal(Enumerable.Range(0, 10), loader.Schedule(5).SelectMany(x => x));
    }

    [Fact]
    public void Drop_last_drops_only_the_partial_batch()
    {
        var keep = new DataLoader(new CountingDataset(10), new LoaderOptions { BatchSize = 4, WorkerCount = 2 });
        var drop = new DataLoader(new CountingDataset(10), keep.Options with { DropLast = true });
        Assert.Equal(new[] { 4, 4, 2 }, Collect(keep, 0).Select(b => b.Indices.Length));
        Assert.Equal(new[] { 4, 4 }, Collect(drop, 0).Select(b => b.Indices.Length));
        Assert.Equal(2, drop.BatchesPerEpoch);
    }

    [Fact]
    public void Resuming_at_an_offset_equals_skipping_batches()
    {
        var loader = new DataLoader(new CountingDataset(30), new LoaderOptions { BatchSize = 4, Seed = 2, WorkerCount = 3 });
        var full = Collect(loader, 3);
        var resumed = Collect(loader, 3, startBatch: 5);
        Assert.Equal(full.Count - 5, resumed.Count);
        for (int i = 0; i < resumed.Count; i++)
        {
            Assert.Equal(full[i + 5].Indices, resumed[i].Indices);
            Assert.Equal(full[i + 5].Pixels, resumed[i].Pixels);
        }
        Assert.Empty(Collect(loader, 3, startBatch: loader.BatchesPerEpoch));
        Assert.Throws<ArgumentOutOfRangeException>(() => loader.Epoch(3, default, loader.BatchesPerEpoch + 1));
    }

    [Fact]
    public void In_flight_batches_never_exceed_the_queue_capacity()
    {
        const int batch = 2, capacity = 2;
        var ds = new CountingDataset(40);
        var loader = new DataLoader(ds, new LoaderOptions { BatchSize = batch, QueueCapacity = capacity, WorkerCount = 4, Seed = 5 });
        int consumed = 0, maxAhead = 0;
        foreach (var b in loader.Epoch(0))
        {
            using (b)
            {
                consumed += b.Count;
                Thread.Sleep(15); // slow consumer: workers run ahead until the gate stops them
                maxAhead = Math.Max(maxAhead, ds.Gets - consumed);
            }
        }
        Assert.InRange(maxAhead, 1, capacity * batch);
    }

    [Fact]
    public void Cancellation_stops_the_epoch_and_the_workers()
    {
        var ds = new CountingDataset(400, delayMs: 2);
        var loader = new DataLoader(ds, new LoaderOptions { BatchSize = 2, QueueCapacity = 2, WorkerCount = 2 });
        using var cts = new CancellationTokenSource();
        int seen = 0;
        Assert.ThrowsAny<OperationCanceledException>(() =>
        {
            foreach (var b in loader.Epoch(0, cts.Token))
            {
                b.Dispose();
                if (++seen == 2) cts.Cancel();
            }
        });
        Assert.Equal(2, seen);
        int afterStop = ds.Gets;
        Thread.Sleep(50);
        // Workers were awaited when the enumerator was disposed: nothing keeps decoding.
        Assert.Equal(afterStop, ds.Gets);
        Assert.True(afterStop < 400);
    }

    [Fact]
    public void A_failing_sample_surfaces_with_its_index_after_the_earlier_batches()
    {
        var ds = new CountingDataset(12, failAt: 7);
        var loader = new DataLoader(ds, new LoaderOptions { BatchSize = 4, Shuffle = false, WorkerCount = 3 });
        var delivered = new List<int>();
        var ex = Assert.Throws<DataLoaderException>(() =>
        {
            foreach (var b in loader.Epoch(0)) using (b) delivered.AddRange(b.Indices);
        });
        Assert.Equal(7, ex.SampleIndex);
        Assert.Equal(1, ex.BatchIndex);
        var inner = Assert.IsType<DataFormatException>(ex.InnerException);
        Assert.Equal("sample7.png", inner.FilePath);
        Assert.Contains("sample 7", ex.Message);
        Assert.Equal(new[] { 0, 1, 2, 3 }, delivered);
    }

    [Fact]
    public void Mismatched_sample_sizes_fail_with_a_clear_message_unless_cropped()
    {
        var ds = new SyntheticDataset(new SyntheticConfig { Seed = 1, Height = 32, Width = 32, SingleCellCropSize = 12 }, 6);
        var grow = new DelegateSampleTransform(s => s.Metadata.CellId == 2
            ? new CenterCropTransform(16, 16).Apply(s, default)
            : s);
        var bad = new DataLoader(ds, new LoaderOptions { BatchSize = 6, WorkerCount = 1, Transform = grow });
        var ex = Assert.Throws<DataLoaderException>(() => Collect(bad, 0));
        Assert.Contains("CenterCropTransform", ex.InnerException!.Message);
        var good = new DataLoader(ds, new LoaderOptions { BatchSize = 6, WorkerCount = 1, Transform = new CenterCropTransform(10, 10) });
        Assert.Equal(new long[] { 6, 4, 10, 10 }, Collect(good, 0).Single().Shape);
    }

    [Fact]
    public void Batch_tensor_does_not_alias_the_pooled_buffer()
    {
        var loader = new DataLoader(new CountingDataset(8), new LoaderOptions { BatchSize = 4, Shuffle = false, WorkerCount = 1, QueueCapacity = 1 });
        var batches = loader.Epoch(0).ToList();
        try
        {
            // Both batches were collated through the same recycled buffer; the first must be unchanged.
            Assert.Equal(0f, batches[0].Images[0, 0, 0, 0].item<float>());
            Assert.Equal(301f, batches[0].Images[3, 1, 2, 3].item<float>());
            Assert.Equal(torch.float32, batches[1].Images.dtype);
        }
        finally
        {
            foreach (var b in batches) b.Dispose();
        }
    }
}
