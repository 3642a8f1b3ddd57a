using CellDino.Core.Layers;
using static TorchSharp.torch;

namespace CellDino.Core.Tests.Layers;

public class LayerTests
{
    [Fact]
    public void Attention_equals_explicit_softmax_attention()
    {
        using var scope = NewDisposeScope();
        manual_seed(5);
        using var attn = new Attention(dim: 12, numHeads: 3);
        var x = randn(2, 5, 12);
        var sd = attn.state_dict();
        var w = sd["qkv.weight"]; var bq = sd["qkv.bias"];
        var qkv = nn.functional.linear(x, w, bq).reshape(2, 5, 3, 3, 4).permute(2, 0, 3, 1, 4);
        var scores = qkv[0].matmul(qkv[1].transpose(-2, -1)) * (1.0 / Math.Sqrt(4));
        var o = scores.softmax(-1).matmul(qkv[2]).transpose(1, 2).reshape(2, 5, 12);
        var expected = nn.functional.linear(o, sd["proj.weight"], sd["proj.bias"]);
        Assert.True(attn.forward(x).allclose(expected, 1e-5, 1e-6));
    }

    [Fact]
    public void SwiGlu_is_w3_of_silu_x1_times_x2()
    {
        using var scope = NewDisposeScope();
        using var ffn = new SwiGluFfn(8, 24);
        var x = randn(3, 8);
        var sd = ffn.state_dict();
        var x12 = nn.functional.linear(x, sd["w12.weight"], sd["w12.bias"]);
        int h = SwiGluFfn.FusedHiddenWidth(24);
        var x1 = x12[.., ..h]; var x2 = x12[.., h..];
        var expected = nn.functional.linear(x1 * x1.sigmoid() * x2, sd["w3.weight"], sd["w3.bias"]);
        Assert.True(ffn.forward(x).allclose(expected, 1e-5, 1e-6));
    }

    [Fact]
    public void DropPath_drops_whole_samples_and_rescales_the_rest()
    {
        using var scope = NewDisposeScope();
        var dp = new DropPath(0.25);
        dp.train();
        manual_seed(3);
        var x = ones(4000, 3, 2);
        var y = dp.forward(x);
        var perSample = y.reshape(4000, -1);
        // every sample is all-zero or all 1/(1-0.25)
        var zero = perSample.eq(0).all(1);
        var kept = perSample.sub(1 / 0.75).abs().lt(1e-6).all(1);
        Assert.True(zero.logical_or(kept).all().item<bool>());
        Assert.InRange(zero.to(ScalarType.Float32).mean().item<float>(), 0.22f, 0.28f);
        dp.eval();
        Assert.True(dp.forward(x).equal(x).all().item<bool>());
    }

    [Fact]
    public void PatchEmbed_flattens_the_conv_grid_row_major()
    {
        using var scope = NewDisposeScope();
        using var pe = new PatchEmbed(patchSize: 2, inChannels: 1, embedDim: 1);
        using (no_grad())
        {
            var sd = pe.state_dict();
            sd["proj.weight"].fill_(1);
            sd["proj.bias"].zero_();
        }
        // 4×6 image whose 2×2 patch sums are distinct: tokens come row by row.
        var img = arange(24, ScalarType.Float32).reshape(1, 1, 4, 6);
        var tokens = pe.forward(img).squeeze();
        var expected = tensor(new float[] { 0 + 1 + 6 + 7, 2 + 3 + 8 + 9, 4 + 5 + 10 + 11, 12 + 13 + 18 + 19, 14 + 15 + 20 + 21, 16 + 17 + 22 + 23 });
        Assert.True(tokens.equal(expected).all().item<bool>());
    }

    [Fact]
    public void Position_embedding_is_untouched_at_the_training_grid()
    {
        using var scope = NewDisposeScope();
        var pe = randn(1, 1 + 16, 8);
        Assert.True(PositionEmbedding.Interpolate(pe, 4, 4).equal(pe).all().item<bool>());
        // Same patch count but not square: DINOv2 interpolates.
        Assert.Equal(new long[] { 1, 1 + 16, 8 }, PositionEmbedding.Interpolate(pe, 2, 8).shape);
        // The class-token position is never resampled.
        var r = PositionEmbedding.Interpolate(pe, 6, 3);
        Assert.True(r[.., 0].equal(pe[.., 0]).all().item<bool>());
    }

    [Fact]
    public void Position_embedding_scale_factor_reaches_the_bicubic_kernel()
    {
        // Hand-worked 1-D check: M = 2 grid values [0, 1] along rows (constant along columns), resized to 3 rows
        // with offset 0.1 → source coordinate (i + 0.5)·2/3.1 − 0.5; Keys cubic (A = −0.75) with clamped taps.
        using var scope = NewDisposeScope();
        var grid = tensor(new float[] { 0, 0, 1, 1 }).reshape(1, 4, 1); // [1, M*M, D=1], rows 0 and 1
        var pe = cat(new[] { zeros(1, 1, 1), grid }, 1);
        var r = PositionEmbedding.Interpolate(pe, 3, 2, offset: 0.1)[0, 1.., 0].reshape(3, 2)[.., 0];
        double[] expected = new double[3];
        for (int i = 0; i < 3; i++)
        {
            double src = (i + 0.5) * 2 / 3.1 - 0.5;
            int i0 = (int)Math.Floor(src);
            double t = src - i0, sum = 0;
            for (int k = -1; k <= 2; k++)
            {
                int idx = Math.Clamp(i0 + k, 0, 1);
                sum += Cubic(k - t) * idx; // value at row idx is idx
            }
            expected[i] = sum;
        }
        for (int i = 0; i < 3; i++) Assert.Equal(expected[i], r[i].item<float>(), 5);
    }

    private static double Cubic(double x)
    {
        const double a = -0.75;
        x = Math.Abs(x);
        return x <= 1 ? ((a + 2) * x - (a + 3)) * x * x + 1
             : x < 2 ? ((a * x - 5 * a) * x + 8 * a) * x - 4 * a
             : 0;
    }
}
