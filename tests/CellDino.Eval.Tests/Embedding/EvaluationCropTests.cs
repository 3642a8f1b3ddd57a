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
        var prepared = ImagePreprocessor.Prepare(image, new EmbedderOptions { CenterCrop = crop, Normalization = new FixedScale(1f) }, patchSize: 4);
        var loader = new CenterCropTransform(crop, crop).Apply(new Sample(image, new SampleMetadata { Id = "x" }), default);
        Assert.Equal(loader.Image.Pixels, prepared.Pixels);
    }
}
