using CellDino.Core.Heads;
using CellDino.Core.Tests.Models;
using CellDino.TestSupport;
using static TorchSharp.torch;

namespace CellDino.Core.Tests.Heads;

public class DinoHeadTests
{
    internal static DinoHeadConfig FixtureConfig()
    {
        using var doc = Fixtures.Json("dino_head.json");
        var c = doc.RootElement.GetProperty("config");
        Assert.False(c.GetProperty("use_bn").GetBoolean());
        return new DinoHeadConfig
        {
            InDim = c.GetProperty("in_dim").GetInt32(),
            HiddenDim = c.GetProperty("hidden_dim").GetInt32(),
            BottleneckDim = c.GetProperty("bottleneck_dim").GetInt32(),
            OutDim = c.GetProperty("out_dim").GetInt32(),
            NumLayers = c.GetProperty("nlayers").GetInt32(),
            MlpBias = c.GetProperty("mlp_bias").GetBoolean(),
        };
    }

    internal static DinoHead LoadFixtureHead()
    {
        var head = new DinoHead(FixtureConfig(), seed: 1);
        using var w = Fixtures.Tensors("dino_head_weights.safetensors");
        VitFixture.CopyWeights(head, w);
        head.eval();
        return head;
    }

    [Fact]
    public void Forward_matches_the_reference_head()
    {
        using var scope = NewDisposeScope();
        using var head = LoadFixtureHead();
        using var io = Fixtures.Tensors("dino_head_io.safetensors");
        using var _ = no_grad();
        var x = io["input"];
        TensorAssertRelative.RelL2(io["mlp_out"], head.ForwardMlp(x), what: "mlp_out");
        TensorAssertRelative.RelL2(io["normalized"], head.Bottleneck(x), what: "normalized");
        TensorAssertRelative.RelL2(io["output"], head.forward(x), what: "output");
    }

    [Fact]
    public void Effective_last_layer_rows_have_norm_weight_g()
    {
        using var scope = NewDisposeScope();
        using var head = LoadFixtureHead();
        using var _ = no_grad();
        var w = head.LastLayer.EffectiveWeight();
        TensorAssert.Close(head.LastLayer.WeightG.squeeze(1), w.norm(1), atol: 1e-6, rtol: 1e-5);
        // Not trivially 1: the fixture randomized g.
        Assert.True((head.LastLayer.WeightG - 1).abs().max().item<float>() > 0.1f);
    }

    [Fact]
    public void State_dict_uses_the_DINOv2_key_names_and_shapes()
    {
        using var head = new DinoHead(new DinoHeadConfig { InDim = 32, HiddenDim = 48, BottleneckDim = 16, OutDim = 64 }, seed: 3);
        var sd = head.state_dict();
        var expected = new Dictionary<string, long[]>
        {
            ["mlp.0.weight"] = new long[] { 48, 32 }, ["mlp.0.bias"] = new long[] { 48 },
            ["mlp.2.weight"] = new long[] { 48, 48 }, ["mlp.2.bias"] = new long[] { 48 },
            ["mlp.4.weight"] = new long[] { 16, 48 }, ["mlp.4.bias"] = new long[] { 16 },
            ["last_layer.weight_g"] = new long[] { 64, 1 }, ["last_layer.weight_v"] = new long[] { 64, 16 },
        };
        Assert.Equal(expected.Keys.OrderBy(k => k, StringComparer.Ordinal), sd.Keys.OrderBy(k => k, StringComparer.Ordinal));
        foreach (var (k, shape) in expected) Assert.Equal(shape, sd[k].shape);
    }

    [Theory]
    [InlineData(1, new[] { "last_layer.weight_g", "last_layer.weight_v", "mlp.bias", "mlp.weight" })]
    [InlineData(2, new[] { "last_layer.weight_g", "last_layer.weight_v", "mlp.0.bias", "mlp.0.weight", "mlp.2.bias", "mlp.2.weight" })]
    public void Layer_count_changes_the_mlp_keys_like_DINOv2(int layers, string[] keys)
    {
        using var head = new DinoHead(new DinoHeadConfig { InDim = 8, HiddenDim = 12, BottleneckDim = 6, OutDim = 10, NumLayers = layers }, seed: 3);
        Assert.Equal(keys, head.state_dict().Keys.OrderBy(k => k, StringComparer.Ordinal));
        using var y = head.forward(randn(3, 8));
        Assert.Equal(new long[] { 3, 10 }, y.shape);
    }

    [Fact]
    public void Batch_norm_option_shifts_the_indices_like_PyTorch()
    {
        using var head = new DinoHead(new DinoHeadConfig { InDim = 8, HiddenDim = 12, BottleneckDim = 6, OutDim = 10, UseBatchNorm = true }, seed: 3);
        var keys = head.state_dict().Keys.ToHashSet();
        foreach (var k in new[] { "mlp.0.weight", "mlp.1.running_mean", "mlp.3.weight", "mlp.4.running_var", "mlp.6.weight", "mlp.6.bias" })
            Assert.Contains(k, keys);
        head.eval();
        using var y = head.forward(randn(3, 8));
        Assert.Equal(new long[] { 3, 10 }, y.shape);
    }

    [Fact]
    public void Initialization_follows_DINOv2()
    {
        using var scope = NewDisposeScope();
        using var head = new DinoHead(new DinoHeadConfig { InDim = 64, HiddenDim = 256, BottleneckDim = 64, OutDim = 512 }, seed: 11);
        var sd = head.state_dict();
        foreach (var i in new[] { 0, 2, 4 })
        {
            Assert.Equal(0f, sd[$"mlp.{i}.bias"].abs().max().item<float>());
            float std = sd[$"mlp.{i}.weight"].std().item<float>();
            Assert.InRange(std, 0.018f, 0.022f);
        }
        Assert.True(sd["last_layer.weight_g"].eq(1).all().item<bool>());
        Assert.True(head.LastLayer.WeightG.requires_grad);
        // weight_v keeps PyTorch's default Linear init: U(-1/sqrt(64), 1/sqrt(64)), variance bound²/3.
        var v = sd["last_layer.weight_v"];
        Assert.True(v.abs().max().item<float>() <= 0.125f);
        Assert.InRange(v.std().item<float>(), 0.125 / Math.Sqrt(3) * 0.97, 0.125 / Math.Sqrt(3) * 1.03);
        // Same seed, same weights.
        using var again = new DinoHead(head.Config, seed: 11);
        Assert.True(again.state_dict()["mlp.2.weight"].equal(sd["mlp.2.weight"]).all().item<bool>());
    }

    [Fact]
    public void Gradients_reach_weight_g_weight_v_and_the_mlp()
    {
        using var scope = NewDisposeScope();
        using var head = new DinoHead(new DinoHeadConfig { InDim = 16, HiddenDim = 24, BottleneckDim = 8, OutDim = 20 }, seed: 5);
        var y = head.forward(randn(4, 16, generator: new Generator(2)));
        (y * y.detach().clone().normal_()).sum().backward();
        foreach (var (name, p) in head.named_parameters())
            Assert.True(p.grad is not null && p.grad.abs().sum().item<float>() > 0, $"no gradient for {name}");
    }

    [Fact]
    public void Output_rows_are_bounded_by_weight_g_since_the_bottleneck_is_unit_norm()
    {
        using var scope = NewDisposeScope();
        using var head = new DinoHead(new DinoHeadConfig { InDim = 16, HiddenDim = 24, BottleneckDim = 8, OutDim = 20 }, seed: 5);
        using var _ = no_grad();
        var z = head.Bottleneck(randn(5, 16) * 100);
        TensorAssert.Close(ones(5), z.norm(1), atol: 1e-6, rtol: 0);
        // g = 1 at init: every score is a cosine in [-1, 1].
        Assert.True(head.forward(randn(5, 16)).abs().max().item<float>() <= 1.0001f);
    }

    [Fact]
    public void Bad_input_and_bad_config_are_rejected_with_clear_messages()
    {
        using var head = new DinoHead(new DinoHeadConfig { InDim = 16, HiddenDim = 24, BottleneckDim = 8, OutDim = 20 }, seed: 5);
        var ex = Assert.Throws<ArgumentException>(() => head.forward(zeros(2, 15)));
        Assert.Contains("16", ex.Message);
        Assert.Throws<ArgumentException>(() => new DinoHead(new DinoHeadConfig { InDim = 16, NumLayers = 0 }));
        Assert.Throws<ArgumentException>(() => new DinoHead(new DinoHeadConfig { InDim = 0 }));
    }

    [Fact]
    public void Defaults_are_the_Cell_DINO_head()
    {
        var c = new DinoHeadConfig { InDim = 1024 };
        Assert.Equal((65536, 2048, 256, 3, true), (c.OutDim, c.HiddenDim, c.BottleneckDim, c.NumLayers, c.MlpBias));
    }
}
