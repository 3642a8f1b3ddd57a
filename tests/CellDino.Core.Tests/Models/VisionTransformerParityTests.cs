using CellDino.TestSupport;
using static TorchSharp.torch;

namespace CellDino.Core.Tests.Models;

/// <summary>Outputs of the official DinoVisionTransformer (fixtures vit.* and vit_reg.*) reproduced in float32.</summary>
public class VisionTransformerParityTests
{
    public static TheoryData<string, string, string, string> Sizes => new()
    {
        { "vit.json", "vit_weights.safetensors", "vit_io.safetensors", "s224" },
        { "vit.json", "vit_weights.safetensors", "vit_io.safetensors", "s160x192" },
        { "vit_reg.json", "vit_reg_weights.safetensors", "vit_reg_io.safetensors", "s32" },
        { "vit_reg.json", "vit_reg_weights.safetensors", "vit_reg_io.safetensors", "s24x40" },
    };

    [Theory]
    [MemberData(nameof(Sizes))]
    public void ForwardFeatures_matches_the_reference(string json, string weights, string io, string size)
    {
        using var scope = NewDisposeScope();
        using var model = VitFixture.Load(json, weights);
        using var t = Fixtures.Tensors(io);
        using var _ = no_grad();
        using var f = model.ForwardFeatures(t[$"{size}.input"]);
        TensorAssertRelative.RelL2(t[$"{size}.x_norm_clstoken"], f.ClsToken, what: "cls");
        TensorAssertRelative.RelL2(t[$"{size}.x_norm_patchtokens"], f.PatchTokens, what: "patches");
        TensorAssertRelative.RelL2(t[$"{size}.x_prenorm"], f.PreNorm, what: "prenorm");
        if (t.TryGetValue($"{size}.x_norm_regtokens", out var reg))
            TensorAssertRelative.RelL2(reg, f.RegisterTokens, what: "registers");
        else
            Assert.Equal(0, f.RegisterTokens.shape[1]);
        // forward() is the normalized class token.
        TensorAssertRelative.RelL2(t[$"{size}.x_norm_clstoken"], model.forward(t[$"{size}.input"]), what: "forward");
    }

    [Theory]
    [InlineData("vit.json", "vit_weights.safetensors", "vit_io.safetensors", "s160x192")]
    [InlineData("vit_reg.json", "vit_reg_weights.safetensors", "vit_reg_io.safetensors", "s24x40")]
    public void Position_embedding_interpolation_matches_the_reference(string json, string weights, string io, string size)
    {
        using var scope = NewDisposeScope();
        using var model = VitFixture.Load(json, weights);
        using var t = Fixtures.Tensors(io);
        var input = t[$"{size}.input"];
        var pe = model.InterpolatePosEncoding(input.shape[2], input.shape[3]);
        TensorAssertRelative.RelL2(t[$"{size}.pos_embed_interp"], pe, rel: 1e-5, what: "pos_embed_interp");
    }

    [Theory]
    [InlineData("vit.json", "vit_weights.safetensors", "vit_io.safetensors", "s160x192")]
    [InlineData("vit_reg.json", "vit_reg_weights.safetensors", "vit_reg_io.safetensors", "s24x40")]
    public void Intermediate_layers_match_the_reference(string json, string weights, string io, string size)
    {
        using var scope = NewDisposeScope();
        using var model = VitFixture.Load(json, weights);
        using var t = Fixtures.Tensors(io);
        using var _ = no_grad();
        var layers = model.GetIntermediateLayers(t[$"{size}.input"], n: 2, norm: true, returnClassToken: true);
        Assert.Equal(2, layers.Count);
        Assert.Equal(new[] { model.Depth - 2, model.Depth - 1 }, layers.Select(l => l.BlockIndex));
        for (int j = 0; j < 2; j++)
        {
            TensorAssertRelative.RelL2(t[$"{size}.inter_n2.{j}.patchtokens"], layers[j].PatchTokens, what: $"inter {j} patches");
            TensorAssertRelative.RelL2(t[$"{size}.inter_n2.{j}.clstoken"], layers[j].ClsToken!, what: $"inter {j} cls");
        }
    }

    [Theory]
    [InlineData("vit.json", "vit_weights.safetensors", "vit_io.safetensors")]
    [InlineData("vit_reg.json", "vit_reg_weights.safetensors", "vit_reg_io.safetensors")]
    public void Masked_forward_matches_the_reference(string json, string weights, string io)
    {
        using var scope = NewDisposeScope();
        using var model = VitFixture.Load(json, weights);
        using var t = Fixtures.Tensors(io);
        using var doc = Fixtures.Json(json);
        var size = doc.RootElement.GetProperty("masked_size").GetString()!;
        using var _ = no_grad();
        using var f = model.ForwardFeatures(t[$"{size}.input"], t["masked.masks"].to(ScalarType.Bool));
        TensorAssertRelative.RelL2(t["masked.x_norm_clstoken"], f.ClsToken, what: "cls");
        TensorAssertRelative.RelL2(t["masked.x_norm_patchtokens"], f.PatchTokens, what: "patches");
        TensorAssertRelative.RelL2(t["masked.x_prenorm"], f.PreNorm, what: "prenorm");
        if (t.TryGetValue("masked.x_norm_regtokens", out var reg))
            TensorAssertRelative.RelL2(reg, f.RegisterTokens, what: "registers");
        // The mask path is really taken: without masks the output differs.
        using var plain = model.ForwardFeatures(t[$"{size}.input"]);
        Assert.True(TensorAssert.MaxAbsDiff(plain.PreNorm, f.PreNorm) > 1e-2);
    }
}
