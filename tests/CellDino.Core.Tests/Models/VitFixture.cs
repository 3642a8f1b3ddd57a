using System.Text.Json;
using CellDino.Core.Checkpoints;
using CellDino.Core.Layers;
using CellDino.Core.Models;
using CellDino.TestSupport;
using static TorchSharp.torch;

namespace CellDino.Core.Tests.Models;

/// <summary>Builds a VisionTransformer from a fixture's JSON config and loads its reference weights.</summary>
internal static class VitFixture
{
    public static VitConfig ConfigFrom(string jsonFile)
    {
        using var doc = Fixtures.Json(jsonFile);
        var c = doc.RootElement.GetProperty("config");
        double? ls = c.TryGetProperty("init_values (LayerScale)", out var lsv) && lsv.ValueKind == JsonValueKind.Number ? lsv.GetDouble() : null;
        return new VitConfig
        {
            ImgSize = c.GetProperty("img_size").GetInt32(),
            PatchSize = c.GetProperty("patch_size").GetInt32(),
            InChannels = c.GetProperty("in_chans").GetInt32(),
            EmbedDim = c.GetProperty("embed_dim").GetInt32(),
            Depth = c.GetProperty("depth").GetInt32(),
            NumHeads = c.GetProperty("num_heads").GetInt32(),
            MlpRatio = c.GetProperty("mlp_ratio").GetDouble(),
            QkvBias = c.GetProperty("qkv_bias").GetBoolean(),
            ProjBias = c.GetProperty("proj_bias").GetBoolean(),
            FfnBias = c.GetProperty("ffn_bias").GetBoolean(),
            Ffn = c.GetProperty("ffn_layer").GetString() == "mlp" ? FfnLayer.Mlp : FfnLayer.SwiGlu,
            LayerScaleInit = ls,
            NumRegisterTokens = c.GetProperty("num_register_tokens").GetInt32(),
            InterpolateOffset = c.GetProperty("interpolate_offset").GetDouble(),
            InterpolateAntialias = c.GetProperty("interpolate_antialias").GetBoolean(),
        };
    }

    /// <summary>Copies every tensor of <paramref name="weights"/> into the model by name; the key sets must be equal.</summary>
    public static void CopyWeights(nn.Module model, StateDict weights)
    {
        using var _ = no_grad();
        var target = model.state_dict();
        Assert.Equal(weights.Keys.OrderBy(k => k, StringComparer.Ordinal), target.Keys.OrderBy(k => k, StringComparer.Ordinal));
        foreach (var (k, v) in weights) target[k].copy_(v);
    }

    public static VisionTransformer Load(string jsonFile, string weightsFile)
    {
        var model = new VisionTransformer(ConfigFrom(jsonFile), seed: 1);
        using var w = Fixtures.Tensors(weightsFile);
        CopyWeights(model, w);
        model.eval();
        return model;
    }
}
