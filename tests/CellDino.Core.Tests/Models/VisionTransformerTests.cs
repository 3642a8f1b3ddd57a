using CellDino.Core.Layers;
using CellDino.Core.Models;
using static TorchSharp.torch;

namespace CellDino.Core.Tests.Models;

public class VisionTransformerTests
{
    private static long ParamCount(nn.Module m) => m.parameters().Sum(p => p.numel());

    [Fact]
    public void ViT_S16_has_DINOv2_key_names_shapes_and_parameter_count()
    {
        // Reference: cell-dino.md §9 (ViT-S/16, 4 channels, 224 px): 175 tensors, 21,773,568 parameters.
        using var vit = new VisionTransformer(VitConfig.Small(16, 4), seed: 0);
        var sd = vit.state_dict();
        Assert.Equal(175, sd.Count);
        Assert.Equal(21_773_568, ParamCount(vit));
        var expected = new Dictionary<string, long[]>
        {
            ["cls_token"] = [1, 1, 384],
            ["pos_embed"] = [1, 197, 384],
            ["mask_token"] = [1, 384],
            ["patch_embed.proj.weight"] = [384, 4, 16, 16],
            ["patch_embed.proj.bias"] = [384],
            ["blocks.11.norm1.weight"] = [384],
            ["blocks.0.attn.qkv.weight"] = [1152, 384],
            ["blocks.0.attn.qkv.bias"] = [1152],
            ["blocks.5.attn.proj.weight"] = [384, 384],
            ["blocks.5.attn.proj.bias"] = [384],
            ["blocks.3.ls1.gamma"] = [384],
            ["blocks.3.ls2.gamma"] = [384],
            ["blocks.7.norm2.bias"] = [384],
            ["blocks.0.mlp.fc1.weight"] = [1536, 384],
            ["blocks.0.mlp.fc2.weight"] = [384, 1536],
            ["norm.weight"] = [384],
            ["norm.bias"] = [384],
        };
        foreach (var (k, shape) in expected)
        {
            Assert.True(sd.ContainsKey(k), $"missing key {k}");
            Assert.Equal(shape, sd[k].shape);
        }
        Assert.DoesNotContain(sd.Keys, k => k.StartsWith("register_tokens", StringComparison.Ordinal));
    }

    [Fact]
    public void Cell_Painting_ViT_S8_matches_the_released_shape()
    {
        // cell_dino_cp_vits8: 5 channels, patch 8, 128 px grid (16×16): 21,526,272 parameters.
        using var vit = new VisionTransformer(VitConfig.Small(8, 5, 128), seed: 0);
        Assert.Equal(21_526_272, ParamCount(vit));
        var sd = vit.state_dict();
        Assert.Equal(new long[] { 1, 257, 384 }, sd["pos_embed"].shape);
        Assert.Equal(new long[] { 384, 5, 8, 8 }, sd["patch_embed.proj.weight"].shape);
    }

    [Fact]
    public void Presets_follow_vit_small_base_large_giant2()
    {
        Assert.Equal((384, 12, 6), (VitConfig.Small().EmbedDim, VitConfig.Small().Depth, VitConfig.Small().NumHeads));
        Assert.Equal((768, 12, 12), (VitConfig.Base().EmbedDim, VitConfig.Base().Depth, VitConfig.Base().NumHeads));
        Assert.Equal((1024, 24, 16), (VitConfig.Large().EmbedDim, VitConfig.Large().Depth, VitConfig.Large().NumHeads));
        var g = VitConfig.Giant();
        Assert.Equal((1536, 40, 24, FfnLayer.SwiGlu), (g.EmbedDim, g.Depth, g.NumHeads, g.Ffn));
        Assert.Equal(FfnLayer.Mlp, VitConfig.Large().Ffn);
    }

    [Fact]
    public void Registers_and_SwiGLU_add_the_DINOv2_keys()
    {
        var cfg = VitConfig.Tiny() with { NumRegisterTokens = 4, Ffn = FfnLayer.SwiGlu, EmbedDim = 48, NumHeads = 2 };
        using var vit = new VisionTransformer(cfg, seed: 0);
        var sd = vit.state_dict();
        Assert.Equal(new long[] { 1, 4, 48 }, sd["register_tokens"].shape);
        int hidden = SwiGluFfn.FusedHiddenWidth(4 * 48); // (int(192·2/3) + 7) // 8 · 8 = 128
        Assert.Equal(128, hidden);
        Assert.Equal(new long[] { 2 * hidden, 48 }, sd["blocks.0.mlp.w12.weight"].shape);
        Assert.Equal(new long[] { 48, hidden }, sd["blocks.1.mlp.w3.weight"].shape);
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        vit.eval();
        using var f = vit.ForwardFeatures(randn(2, 4, 32, 40));
        Assert.Equal(new long[] { 2, 4, 48 }, f.RegisterTokens.shape);
        Assert.Equal(new long[] { 2, 20, 48 }, f.PatchTokens.shape);
        Assert.Equal(new long[] { 2, 1 + 4 + 20, 48 }, f.PreNorm.shape);
    }

    [Fact]
    public void FusedHiddenWidth_of_ViT_g_is_4096() => Assert.Equal(4096, SwiGluFfn.FusedHiddenWidth(4 * 1536));

    [Fact]
    public void Same_seed_gives_the_same_network_and_initialization_follows_DINOv2()
    {
        using var a = new VisionTransformer(VitConfig.Tiny(), seed: 42);
        using var b = new VisionTransformer(VitConfig.Tiny(), seed: 42);
        using var c = new VisionTransformer(VitConfig.Tiny(), seed: 43);
        var sa = a.state_dict(); var sb = b.state_dict(); var sc = c.state_dict();
        foreach (var k in sa.Keys) Assert.True(sa[k].equal(sb[k]).all().item<bool>(), k);
        Assert.False(sa["blocks.0.attn.qkv.weight"].equal(sc["blocks.0.attn.qkv.weight"]).all().item<bool>());
        // mask token zero, LayerScale 1e-5, biases zero, Linear weights ~ trunc-normal(0.02).
        Assert.Equal(0, sa["mask_token"].abs().sum().item<float>());
        Assert.Equal(1e-5f, sa["blocks.1.ls2.gamma"].mean().item<float>(), 9);
        Assert.Equal(0, sa["blocks.0.mlp.fc1.bias"].abs().sum().item<float>());
        Assert.InRange(sa["blocks.0.mlp.fc1.weight"].std().item<float>(), 0.018, 0.022);
        Assert.InRange(sa["pos_embed"].std().item<float>(), 0.017, 0.023);
    }

    [Fact]
    public void Rejects_bad_inputs_with_clear_messages()
    {
        using var vit = new VisionTransformer(VitConfig.Tiny(), seed: 0);
        using var scope = NewDisposeScope();
        var e1 = Assert.Throws<ArgumentException>(() => vit.ForwardFeatures(randn(1, 3, 32, 32)));
        Assert.Contains("[B, 4, H, W]", e1.Message);
        var e2 = Assert.Throws<ArgumentException>(() => vit.ForwardFeatures(randn(1, 4, 30, 32)));
        Assert.Contains("multiple of the patch size 8", e2.Message);
        var e3 = Assert.Throws<ArgumentException>(() => vit.ForwardFeatures(randn(1, 4, 32, 32), zeros(1, 5, ScalarType.Bool)));
        Assert.Contains("masks", e3.Message);
        Assert.Throws<ArgumentException>(() => new VisionTransformer(VitConfig.Tiny() with { NumHeads = 3 }));
    }

    [Fact]
    public void Training_mode_drop_path_is_stochastic_and_eval_is_deterministic()
    {
        using var vit = new VisionTransformer(VitConfig.Tiny() with { DropPathRate = 0.5, LayerScaleInit = 1.0 }, seed: 0);
        using var scope = NewDisposeScope();
        var x = randn(8, 4, 32, 32);
        vit.eval();
        var e1 = vit.forward(x); var e2 = vit.forward(x);
        Assert.True(e1.equal(e2).all().item<bool>());
        vit.train();
        manual_seed(1);
        var t1 = vit.forward(x);
        manual_seed(2);
        var t2 = vit.forward(x);
        Assert.False(t1.allclose(t2));
    }

    [Fact]
    public void Intermediate_layers_can_be_reshaped_to_a_grid_and_picked_by_index()
    {
        using var vit = new VisionTransformer(VitConfig.Tiny(), seed: 0);
        vit.eval();
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var x = randn(2, 4, 32, 48);
        var layers = vit.GetIntermediateLayers(x, new[] { 0 }, norm: false, returnClassToken: false, reshape: true);
        Assert.Single(layers);
        Assert.Null(layers[0].ClsToken);
        Assert.Equal(new long[] { 2, 64, 4, 6 }, layers[0].PatchTokens.shape);
        // Last block through the norm equals forward_features' patch tokens.
        var last = vit.GetIntermediateLayers(x, 1, norm: true, returnClassToken: true)[0];
        using var f = vit.ForwardFeatures(x);
        Assert.True(last.PatchTokens.allclose(f.PatchTokens, 1e-6, 1e-6));
        Assert.True(last.ClsToken!.allclose(f.ClsToken, 1e-6, 1e-6));
    }

    [Fact]
    public void Forward_leaks_no_tensors()
    {
        using var vit = new VisionTransformer(VitConfig.Tiny(), seed: 0);
        vit.eval();
        var x = randn(2, 4, 32, 32);
        using (var s = NewDisposeScope()) { vit.ForwardFeatures(x).Dispose(); } // warm-up
        var before = TorchSharp.DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        for (int i = 0; i < 5; i++)
            using (NewDisposeScope())
            using (no_grad())
            {
                using var f = vit.ForwardFeatures(x);
            }
        Assert.Equal(before, TorchSharp.DisposeScopeManager.Statistics.ThreadTotalLiveCount);
        x.Dispose();
    }

    [Fact]
    public void A_model_built_inside_a_dispose_scope_keeps_its_parameters()
    {
        VisionTransformer vit;
        using (var scope = NewDisposeScope())
        {
            vit = new VisionTransformer(VitConfig.Tiny() with { NumRegisterTokens = 2 }, 1);
        }
        using (vit)
        {
            foreach (var (name, p) in vit.named_parameters())
                Assert.False(p.IsInvalid, $"{name} was disposed with the caller's scope");
            using var x = rand(1, 4, 32, 32);
            using var y = vit.forward(x);
            Assert.Equal(new long[] { 1, 64 }, y.shape);
        }
    }
}
