using CellDino.Core.Models;
using CellDino.Eval.Embedding;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace CellDino.Eval.Tests.Embedding;

public class EmbedderTests
{
    private static VisionTransformer TinyVit(int seed = 1) => new(VitConfig.Tiny(patchSize: 8, inChannels: 4, imgSize: 32), seed);

    /// <summary>Independent evaluation transform: /255, then per channel (x − mean) / (population std + 1e-7), in float64.</summary>
    private static Tensor Normalize(InMemoryDataset ds, int i)
    {
        var img = ds.Get(i).Image;
        using var x = tensor(img.Pixels, [1, img.Channels, img.Height, img.Width], ScalarType.Float64) / 255.0;
        var mean = x.mean([2, 3], keepdim: true);
        var std = x.std([2, 3], unbiased: false, keepdim: true);
        return ((x - mean) / (std + 1e-7)).to(ScalarType.Float32);
    }

    [Fact]
    public void ClassTokenEmbeddingIsTheModelOutputOnSelfNormalizedImages()
    {
        var ds = new InMemoryDataset(5);
        using var vit = TinyVit();
        var embedder = new Embedder(vit, new EmbedderOptions { BatchSize = 2, Device = CPU });
        var set = embedder.EmbedDataset(ds);
        Assert.Equal((5, 64), (set.Count, set.Dim));
        using var noGrad = no_grad();
        for (int i = 0; i < 5; i++)
        {
            using var x = Normalize(ds, i);
            using var expected = vit.forward(x);
            using var actual = tensor(set.Row(i).ToArray(), [1, 64]);
            Assert.True(allclose(expected, actual, rtol: 1e-4, atol: 1e-5), $"row {i}");
            Assert.Equal(ds.GetMetadata(i), set.Metadata[i]);
        }
    }

    [Fact]
    public void LinearEvalFeaturesConcatenateLastBlockClassTokensAndMeanPatch()
    {
        var ds = new InMemoryDataset(3);
        using var vit = new VisionTransformer(VitConfig.Tiny(8, 4, 32) with { Depth = 3 }, 2);
        var embedder = new Embedder(vit, new EmbedderOptions { Kind = EmbeddingKind.LastBlocks, LastBlocks = 2, Device = CPU });
        Assert.Equal(3 * 64, embedder.Dim);
        var set = embedder.EmbedDataset(ds);
        using var noGrad = no_grad();
        using var x = Normalize(ds, 1);
        var layers = vit.GetIntermediateLayers(x, 2, norm: true, returnClassToken: true);
        using var expected = cat([layers[0].ClsToken!, layers[1].ClsToken!, layers[1].PatchTokens.mean([1])], 1);
        using var actual = tensor(set.Row(1).ToArray(), [1, 192]);
        Assert.True(allclose(expected, actual, rtol: 1e-4, atol: 1e-5));

        var mean = new Embedder(vit, new EmbedderOptions { Kind = EmbeddingKind.ClsAndMeanPatch, Device = CPU });
        Assert.Equal(128, mean.Dim);
        var f = vit.ForwardFeatures(x);
        using var expected2 = cat([f.ClsToken, f.PatchTokens.mean([1])], 1);
        using var actual2 = tensor(mean.EmbedDataset(ds).Row(1).ToArray(), [1, 128]);
        Assert.True(allclose(expected2, actual2, rtol: 1e-4, atol: 1e-5));
    }

    [Fact]
    public void PatchTokensOfOneImageAreTheFinalNormedTokensOnTheirGrid()
    {
        var ds = new InMemoryDataset(2);
        using var vit = TinyVit();
        var embedder = new Embedder(vit, new EmbedderOptions { Device = CPU });
        var grid = embedder.EmbedPatchTokens(ds.Get(1).Image);
        Assert.Equal((4, 4, 16, 64), (grid.GridHeight, grid.GridWidth, grid.Tokens.GetLength(0), grid.Tokens.GetLength(1)));
        using var noGrad = no_grad();
        using var x = Normalize(ds, 1);
        using var f = vit.ForwardFeatures(x);
        using var expected = f.PatchTokens[0];
        var flat = new float[grid.Tokens.Length];
        Buffer.BlockCopy(grid.Tokens, 0, flat, 0, flat.Length * sizeof(float));
        using var actual = tensor(flat, [16, 64]);
        Assert.True(allclose(expected, actual, rtol: 1e-4, atol: 1e-5));
    }

    [Fact]
    public void PatchTokensOfADatasetStreamInOrderAndEqualTheOneImageCall()
    {
        var ds = new InMemoryDataset(5);
        using var vit = TinyVit();
        var embedder = new Embedder(vit, new EmbedderOptions { BatchSize = 2, DecodeThreads = 3, Device = CPU });
        var streamed = embedder.EmbedPatchTokens(ds).ToList();
        Assert.Equal(Enumerable.Range(0, 5).Select(ds.GetMetadata), streamed.Select(s => s.Metadata));
        for (int i = 0; i < 5; i++)
        {
            var one = embedder.EmbedPatchTokens(ds.Get(i).Image);
            Assert.Equal((one.GridHeight, one.GridWidth), (streamed[i].Tokens.GridHeight, streamed[i].Tokens.GridWidth));
            for (int t = 0; t < one.Tokens.GetLength(0); t++)
                for (int d = 0; d < one.Tokens.GetLength(1); d++)
                    Assert.Equal(one.Tokens[t, d], streamed[i].Tokens.Tokens[t, d], 4);
        }
    }

    [Fact]
    public void DecodeWorkersDoNotChangeTheOrderOrTheValues()
    {
        // The embedder reads through the data loader: any number of workers, output in dataset order.
        var ds = new InMemoryDataset(11);
        using var vit = TinyVit();
        var one = new Embedder(vit, new EmbedderOptions { BatchSize = 3, DecodeThreads = 1, Device = CPU }).EmbedDataset(ds);
        var four = new Embedder(vit, new EmbedderOptions { BatchSize = 3, DecodeThreads = 4, Device = CPU }).EmbedDataset(ds);
        Assert.Equal(one.Metadata, four.Metadata);
        Assert.Equal(one.Features, four.Features);
        Assert.Equal(Enumerable.Range(0, 11).Select(ds.GetMetadata), one.Metadata);
    }

    [Fact]
    public void BatchSizeDoesNotChangeEmbeddings()
    {
        var ds = new InMemoryDataset(7);
        using var vit = TinyVit();
        var a = new Embedder(vit, new EmbedderOptions { BatchSize = 1, Device = CPU }).EmbedDataset(ds);
        var b = new Embedder(vit, new EmbedderOptions { BatchSize = 4, DecodeThreads = 1, Device = CPU }).EmbedDataset(ds);
        for (int i = 0; i < a.Features.Length; i++) Assert.Equal(a.Features[i], b.Features[i], 4);
    }

    [Fact]
    public void LargerImagesRunThroughPositionEmbeddingInterpolationAndCropsPad()
    {
        var ds = new InMemoryDataset(4, size: 48, sizeOf: i => i == 3 ? 24 : 48);
        using var vit = TinyVit();
        var noCrop = new Embedder(vit, new EmbedderOptions { BatchSize = 4, Device = CPU });
        var ex = Assert.Throws<ArgumentException>(() => noCrop.EmbedDataset(ds));
        Assert.Contains("img003", ex.Message);
        Assert.Contains("CenterCrop", ex.Message);
        Assert.Contains("--resize", ex.Message); // a CLI user is told the option they have
        Assert.Equal(4, new Embedder(vit, new EmbedderOptions { BatchSize = 4, Resize = 32, Device = CPU }).EmbedDataset(ds).Count);

        var crop = new Embedder(vit, new EmbedderOptions { BatchSize = 4, CenterCrop = 40, Device = CPU });
        var set = crop.EmbedDataset(ds);
        Assert.Equal(4, set.Count);
        Assert.All(set.Features, v => Assert.True(float.IsFinite(v)));
    }

    [Fact]
    public void TheNormalizationIsAChoice()
    {
        var ds = new InMemoryDataset(2);
        using var vit = TinyVit();
        var fixedScale = new Embedder(vit, new EmbedderOptions { Device = CPU, Normalization = new CellDino.Data.Normalization.FixedScale() }).EmbedDataset(ds);
        using var noGrad = no_grad();
        var img = ds.Get(0).Image;
        using var x = tensor(img.Pixels, [1, img.Channels, img.Height, img.Width]) / 255f; // only scaled to [0, 1]
        using var expected = vit.forward(x);
        using var actual = tensor(fixedScale.Row(0).ToArray(), [1, 64]);
        Assert.True(allclose(expected, actual, rtol: 1e-4, atol: 1e-5));
    }

    [Fact]
    public void BadOptionsAreRejected()
    {
        using var vit = TinyVit();
        Assert.Throws<ArgumentException>(() => new Embedder(vit, new EmbedderOptions { BatchSize = 0 }));
        var ex = Assert.Throws<ArgumentException>(() => new Embedder(vit, new EmbedderOptions { Kind = EmbeddingKind.LastBlocks, LastBlocks = 5 }));
        Assert.Contains("depth", ex.Message);
    }

    [Fact]
    public void TwoBadImagesInOneBatchReportTheFirstInDatasetOrderAsItself()
    {
        using var vit = TinyVit();
        // Sample 3 fails at once, sample 1 only after a while: the later-failing but earlier sample is the one reported,
        // every time, as its own DataFormatException rather than an AggregateException of whichever decoders failed.
        var ds = new FailingDataset(new InMemoryDataset(6), new Dictionary<int, int> { [1] = 200, [3] = 0 });
        var embedder = new Embedder(vit, new EmbedderOptions { BatchSize = 6, DecodeThreads = 4, Device = CPU });
        var ex = Assert.Throws<CellDino.Data.DataFormatException>(() => embedder.EmbedDataset(ds));
        Assert.Equal("bad/img001.png", ex.FilePath);
    }

    /// <summary>A dataset whose listed samples throw a <see cref="CellDino.Data.DataFormatException"/> after the given delay (ms).</summary>
    internal sealed class FailingDataset(CellDino.Data.Samples.IMicroscopyDataset inner, IReadOnlyDictionary<int, int> failAfterMs) : CellDino.Data.Samples.IMicroscopyDataset
    {
        public int Count => inner.Count;
        public IReadOnlyList<string> ChannelNames => inner.ChannelNames;
        public IReadOnlyList<string> ClassNames => inner.ClassNames;
        public CellDino.Data.Samples.SampleMetadata GetMetadata(int index) => inner.GetMetadata(index);

        public CellDino.Data.Samples.Sample Get(int index)
        {
            if (!failAfterMs.TryGetValue(index, out var ms)) return inner.Get(index);
            Thread.Sleep(ms);
            throw new CellDino.Data.DataFormatException($"bad/img{index:D3}.png", "corrupt PNG.");
        }
    }
}
