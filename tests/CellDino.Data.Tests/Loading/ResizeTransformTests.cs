using CellDino.Data.Loading;
using CellDino.Data.Samples;
using Xunit;

namespace CellDino.Data.Tests.Loading;

/// <summary>torchvision's Resize(int) on tensors: shorter side to the size, longer side truncated, bicubic with antialias.</summary>
public sealed class ResizeTransformTests
{
    [Theory]
    [InlineData(100, 75, 64, 85, 64)] // int(64 · 100 / 75) = 85 (85.33 truncated, not rounded)
    [InlineData(75, 100, 64, 64, 85)]
    [InlineData(33, 33, 64, 64, 64)]
    [InlineData(7, 3, 5, 11, 5)] // int(5 · 7 / 3) = 11 (11.67 truncated)
    [InlineData(3072, 2048, 1024, 1536, 1024)]
    public void OutputSizesFollowTorchvision(int h, int w, int size, int expectedH, int expectedW) =>
        Assert.Equal((expectedH, expectedW), ResizeTransform.OutputSize(h, w, size));

    [Fact]
    public void ValuesEqualPyTorchBicubicWithAntialias()
    {
        // torch.nn.functional.interpolate(arange(35).reshape(1, 1, 5, 7), (3, 4), mode="bicubic", antialias=True) in PyTorch 2.6.
        float[] expected =
        [
            2.8767895698547363f, 4.558412075042725f, 6.395434379577637f, 8.077056884765625f,
            14.399867057800293f, 16.08148765563965f, 17.91851043701172f, 19.600135803222656f,
            25.92293930053711f, 27.60456085205078f, 29.441585540771484f, 31.12320899963379f,
        ];
        var pixels = Enumerable.Range(0, 35).Select(i => (float)i).ToArray();
        var sample = new Sample(new MicroscopyImage(["x"], 5, 7, pixels, 16), new SampleMetadata { Id = "a" });
        var resized = new ResizeTransform(3).Apply(sample, default).Image;
        Assert.Equal((3, 4), (resized.Height, resized.Width));
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], resized.Pixels[i], 1e-4f);
        Assert.Equal(16, resized.BitDepth);
        Assert.Equal(0f, pixels[0]); // the source is not touched
        // Already at the size: the same sample comes back.
        var square = new Sample(new MicroscopyImage(["x"], 3, 3, new float[9], 8), new SampleMetadata { Id = "b" });
        Assert.Same(square, new ResizeTransform(3).Apply(square, default));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ResizeTransform(0));
    }
}
