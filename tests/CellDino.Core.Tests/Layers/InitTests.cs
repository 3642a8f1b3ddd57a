using CellDino.Core.Layers;
using static TorchSharp.torch;

namespace CellDino.Core.Tests.Layers;

public class InitTests
{
    [Fact]
    public void TruncNormal_has_the_requested_moments_and_bounds()
    {
        using var scope = NewDisposeScope();
        var g = new TorchSharp.torch.Generator(7);
        var t = Init.TruncNormal_(empty(200_000), mean: 0.5, std: 0.02, a: -2, b: 2, generator: g);
        Assert.InRange(t.mean().item<float>(), 0.4995, 0.5005);
        Assert.InRange(t.std().item<float>(), 0.0197, 0.0203);
    }

    [Fact]
    public void TruncNormal_respects_tight_bounds_like_a_truncated_normal()
    {
        using var scope = NewDisposeScope();
        var g = new TorchSharp.torch.Generator(3);
        // Standard normal truncated to [-1, 1]: variance = 1 - 2·φ(1)/(2Φ(1)-1) = 0.29112.
        var t = Init.TruncNormal_(empty(400_000), 0, 1, -1, 1, g);
        Assert.True(t.min().item<float>() >= -1f && t.max().item<float>() <= 1f);
        Assert.InRange(t.var().item<float>(), 0.2895, 0.2928);
        Assert.InRange(t.mean().item<float>(), -0.003, 0.003);
    }

    [Theory]
    [InlineData(0.0, 0.0)]
    [InlineData(0.5, 0.5204998778130465)]
    [InlineData(-1.0, -0.8427007929497149)]
    [InlineData(3.0, 0.9999779095030014)]
    public void Erf_matches_published_values(double x, double expected) =>
        Assert.Equal(expected, Init.Erf(x), 12);
}
