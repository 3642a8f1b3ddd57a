using CellDino.Data.Loading;
using CellDino.Data.Samples;

namespace CellDino.Data.Tests.Loading;

public class CenterCropTransformTests
{
    private static Sample Ramp(int h, int w)
    {
        var px = new float[h * w];
        for (int i = 0; i < px.Length; i++) px[i] = i;
        return new Sample(new MicroscopyImage(new[] { "x" }, h, w, px, 16), new SampleMetadata { Id = "r" });
    }

    [Fact]
    public void Crops_the_centre_like_torchvision()
    {
        // 5x6 ramp, crop 3x2: top = round(1) = 1, left = round(2) = 2 -> rows 1..3, cols 2..3.
        var outS = new CenterCropTransform(3, 2).Apply(Ramp(5, 6), default);
        Assert.Equal(new float[] { 8, 9, 14, 15, 20, 21 }, outS.Image.Pixels);
    }

    [Fact]
    public void Pads_with_zeros_when_larger()
    {
        // 2x2 ramp into 4x4: top = round(-1) = -1, left = -1 -> image sits at rows 1..2, cols 1..2.
        var outS = new CenterCropTransform(4, 4).Apply(Ramp(2, 2), default);
        Assert.Equal(new float[] { 0, 0, 0, 0, 0, 0, 1, 0, 0, 2, 3, 0, 0, 0, 0, 0 }, outS.Image.Pixels);
    }
}

public class ComposedTransformTests
{
    [Fact]
    public void Steps_run_in_order()
    {
        var px = new float[] { 1, 2, 3, 4, 5, 6, 7, 8, 9 };
        var s = new Sample(new MicroscopyImage(new[] { "x" }, 3, 3, px, 16), new SampleMetadata { Id = "a" });
        var doubleIt = new DelegateSampleTransform(x => x with
        {
            Image = new MicroscopyImage(x.Image.ChannelNames, x.Image.Height, x.Image.Width, x.Image.Pixels.Select(v => 2 * v).ToArray(), 16),
        });
        var result = new ComposedTransform(new CenterCropTransform(1, 1), doubleIt).Apply(s, default);
        Assert.Equal(new float[] { 10 }, result.Image.Pixels);
        Assert.Equal(2, new ComposedTransform(doubleIt, doubleIt).Steps.Count);
    }

    [Theory]
    // torchvision center_crop: int(round((size - crop) / 2)) with Python's round half to even.
    [InlineData(8, 4, 2)]
    [InlineData(5, 4, 0)] // 0.5 -> 0
    [InlineData(7, 4, 2)] // 1.5 -> 2 (truncation would give 1)
    [InlineData(9, 4, 2)] // 2.5 -> 2
    [InlineData(11, 4, 4)] // 3.5 -> 4
    // Padding first: top pad (crop - size) // 2, the larger half at the end.
    [InlineData(2, 5, -1)]
    [InlineData(1, 4, -1)]
    [InlineData(2, 6, -2)]
    public void Offsets_match_torchvision_at_odd_sizes(int size, int crop, int offset)
    {
        Assert.Equal(offset, CenterCropTransform.Offset(size, crop));
    }

    [Fact]
    public void An_odd_padding_puts_the_larger_half_at_the_end()
    {
        // 2x2 into 5x5: pads 1 before, 2 after (torchvision), so the image sits at rows/cols 1..2.
        var ramp = new Sample(new MicroscopyImage(new[] { "x" }, 2, 2, new float[] { 0, 1, 2, 3 }, 16), new SampleMetadata { Id = "r" });
        var outS = new CenterCropTransform(5, 5).Apply(ramp, default);
        Assert.Equal(1f, outS.Image.Pixels[1 * 5 + 2]);
        Assert.Equal(0f, outS.Image.Pixels[1 * 5 + 1]); // the first pixel of the ramp (0) at (1, 1)
        Assert.Equal(3f, outS.Image.Pixels[2 * 5 + 2]);
    }
}
