using CellDino.Data.Loading;
using CellDino.Data.Normalization;
using CellDino.Data.Samples;
using CellDino.Eval.Embedding;
using Xunit;

namespace CellDino.Eval.Tests.Embedding;

/// <summary>The embedder's evaluation crop is the training loader's crop, placed as torchvision places it.</summary>
public sealed class EvaluationCropTests
{
    [Theory]
    [InlineData(11, 8)] // size - crop = 3: truncation would shift the window by one pixel
    [InlineData(12, 8)]
    [InlineData(13, 8)]
    [InlineData(6, 8)] // padding
    [InlineData(5, 8)]
    public void TheEmbedderCropsWhereTheLoaderCrops(int size, int crop)
    {
        var px = new float[size * size];
        for (int i = 0; i < px.Length; i++) px[i] = i + 1;
        var image = new MicroscopyImage(["x"], size, size, px, 16);
        using var vit = new CellDino.Core.Models.VisionTransformer(CellDino.Core.Models.VitConfig.Tiny(patchSize: 4, inChannels: 1, imgSize: 8), seed: 0);
        var embedder = new Embedder(vit, new EmbedderOptions { CenterCrop = crop, Normalization = new FixedScale(1f), Device = TorchSharp.torch.CPU });
        var sample = new Sample(image, new SampleMetadata { Id = "x" });
        var prepared = embedder.Preprocessing.Apply(sample, default).Image;
        var loader = new CenterCropTransform(crop, crop).Apply(sample, default);
        Assert.Equal(loader.Image.Pixels, prepared.Pixels);
        // The dataset's own pixels are never normalized in place.
        Assert.Equal(1f, image.Pixels[0]);
    }
}
