using CellDino.Core.Heads;
using CellDino.Core.Models;
using CellDino.Core.Tests.Heads;
using CellDino.Core.Tests.Models;
using CellDino.Core.Training;
using CellDino.TestSupport;
using static TorchSharp.torch;

namespace CellDino.Core.Tests.Training;

public class ParameterGroupsTests
{
    [Fact]
    public void Multipliers_match_the_reference_for_every_parameter()
    {
        using var doc = Fixtures.Json("schedules.json");
        var root = doc.RootElement;
        var cfg = root.GetProperty("config");
        var options = new ParameterGroupOptions
        {
            LayerwiseDecay = cfg.GetProperty("layerwise_decay").GetDouble(),
            PatchEmbedLrMultiplier = cfg.GetProperty("patch_embed_lr_mult").GetDouble(),
        };
        using var backbone = new VisionTransformer(VitFixture.ConfigFrom("vit.json"), seed: 1);
        using var head = new DinoHead(DinoHeadTests.FixtureConfig(), seed: 1);
        var groups = ParameterGroups.Build(backbone, head, options: options);
        var entries = groups.SelectMany(g => g.Entries).ToDictionary(e => e.Name, StringComparer.Ordinal);
        var expected = root.GetProperty("param_groups").GetProperty("groups").EnumerateObject().ToList();
        Assert.Equal(expected.Select(e => e.Name).OrderBy(n => n, StringComparer.Ordinal), entries.Keys.OrderBy(n => n, StringComparer.Ordinal));
        foreach (var e in expected)
        {
            var a = entries[e.Name];
            Assert.True(Math.Abs(e.Value.GetProperty("lr_multiplier").GetDouble() - a.LrMultiplier) <= 1e-15, $"{e.Name} lr {a.LrMultiplier:R}");
            Assert.Equal(e.Value.GetProperty("wd_multiplier").GetDouble(), a.WdMultiplier);
            Assert.Equal(e.Value.GetProperty("is_last_layer").GetBoolean(), a.IsLastLayer);
        }
    }

    [Fact]
    public void Groups_are_fused_per_sub_module()
    {
        using var backbone = new VisionTransformer(VitConfig.Tiny(), seed: 1);
        using var head = new DinoHead(new DinoHeadConfig { InDim = 64, HiddenDim = 32, BottleneckDim = 16, OutDim = 40 }, seed: 1);
        using var ibotHead = new DinoHead(new DinoHeadConfig { InDim = 64, HiddenDim = 32, BottleneckDim = 16, OutDim = 40 }, seed: 2);
        var groups = ParameterGroups.Build(backbone, head, ibotHead);
        // Backbone (depth 2): tokens, patch weight, patch bias, 2 × (decay, no decay) per block, final norm.
        var bb = groups.Where(g => g.Module == "backbone").ToList();
        Assert.Equal(3 + 2 * 2 + 1, bb.Count);
        Assert.Equal(3, groups.Count(g => g.Module == "dino_head"));
        Assert.Equal(3, groups.Count(g => g.Module == "ibot_head"));
        // Every trainable parameter appears exactly once.
        int nParams = backbone.parameters().Count() + head.parameters().Count() + ibotHead.parameters().Count();
        Assert.Equal(nParams, groups.Sum(g => g.Entries.Count));
        var last = Assert.Single(groups, g => g.Module == "dino_head" && g.IsLastLayer);
        Assert.Equal(new[] { "dino_head.last_layer.weight_g", "dino_head.last_layer.weight_v" }, last.Entries.Select(e => e.Name).OrderBy(n => n, StringComparer.Ordinal));
        var tokens = bb.Single(g => g.Entries.Any(e => e.Name == "backbone.cls_token"));
        Assert.Equal(Math.Pow(0.9, 3), tokens.LrMultiplier, 15);
        Assert.Equal(0.002 * Math.Pow(0.9, 3), tokens.LearningRate(0.002, 0.0), 15);
        Assert.Equal(0.0, last.LearningRate(0.002, 0.0));
        Assert.Equal(0.0, bb.Single(g => g.Entries.Any(e => e.Name == "backbone.norm.weight")).WeightDecay(0.04));
    }

    [Fact]
    public void Frozen_parameters_are_skipped_and_register_tokens_sit_at_layer_zero()
    {
        using var backbone = new VisionTransformer(VitConfig.Tiny() with { NumRegisterTokens = 2 }, seed: 1);
        var entries = ParameterGroups.Entries(backbone, backbone.Depth);
        Assert.Equal(Math.Pow(0.9, 3), entries.Single(e => e.Name == "register_tokens").LrMultiplier, 15);
        backbone.MaskToken.requires_grad = false;
        Assert.DoesNotContain(ParameterGroups.Entries(backbone, backbone.Depth), e => e.Name == "mask_token");
    }

    [Theory]
    [InlineData("blocks.7.attn.qkv.weight", 12, true, 5)]
    [InlineData("backbone.blocks.0.norm1.weight", 12, false, 12)]
    [InlineData("norm.weight", 12, true, 0)]
    [InlineData("pos_embed", 12, true, 13)]
    [InlineData("mlp.0.weight", 0, false, 0)]
    public void Layerwise_multiplier_follows_get_vit_lr_decay_rate(string name, int layers, bool force, int exponent) =>
        Assert.Equal(Math.Pow(0.9, exponent), ParameterGroups.LayerwiseLrMultiplier(name, 0.9, layers, force), 15);
}
