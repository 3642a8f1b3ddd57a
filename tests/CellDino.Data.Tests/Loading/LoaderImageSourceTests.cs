using CellDino.Data.Loading;
using static TorchSharp.torch;

namespace CellDino.Data.Tests.Loading;

/// <summary>The loader-to-trainer adapter: iteration i is always the same batch, however the run got there.</summary>
public class LoaderImageSourceTests
{
    // Sample i's first pixel is 100·i, so a batch's sample order reads back from its pixels.
    private static long[] SampleIds(Tensor batch) => (batch[.., 0, 0, 0] / 100).to(ScalarType.Int64).data<long>().ToArray();

    [Fact]
    public void A_resumed_source_reads_exactly_the_batches_of_an_uninterrupted_one()
    {
        var ds = new CountingDataset(10);
        using var straight = new LoaderImageSource(ds, batchSize: 3, seed: 7, workers: 2);
        Assert.Equal(3, straight.BatchesPerEpoch); // 10 samples, batches of 3, the last partial batch dropped
        var expected = new List<long[]>();
        for (long it = 0; it < 8; it++)
        {
            using var b = straight.GetBatch(it, default);
            expected.Add(SampleIds(b));
        }
        // Resume mid-epoch (iteration 4 = epoch 1, batch 1) with another worker count: the same batches.
        using var resumed = new LoaderImageSource(ds, batchSize: 3, seed: 7, workers: 1);
        for (long it = 4; it < 8; it++)
        {
            using var b = resumed.GetBatch(it, default);
            Assert.Equal(expected[(int)it], SampleIds(b));
        }
        // Each epoch is a fresh permutation of distinct samples, and another seed is another order.
        Assert.Equal(9, expected.Take(3).SelectMany(x => x).Distinct().Count());
        Assert.NotEqual(expected.Take(3).SelectMany(x => x), expected.Skip(3).Take(3).SelectMany(x => x));
        using var other = new LoaderImageSource(ds, batchSize: 3, seed: 8);
        using var o = other.GetBatch(0, default);
        Assert.NotEqual(expected[0], SampleIds(o));
    }
}
