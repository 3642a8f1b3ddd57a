using System.Text.Json;
using CellDino.Core.Checkpoints;

namespace CellDino.Core.Models;

/// <summary>
/// Builds a <see cref="VisionTransformer"/> from a checkpoint file: CellDino's exported teacher (its
/// <see cref="VitConfig"/> travels in the safetensors metadata), a CellDino training checkpoint (the teacher backbone),
/// or any DINOv2 / Cell-DINO <c>.pth</c> or safetensors backbone given the architecture.
/// </summary>
public static class VitCheckpoint
{
    /// <summary>
    /// Loads the backbone in <paramref name="path"/>. <paramref name="fallbackConfig"/> describes the architecture when the
    /// file does not (official checkpoints); loading is strict, so a wrong architecture fails naming the mismatched keys.
    /// </summary>
    public static VisionTransformer Load(string path, VitConfig? fallbackConfig = null)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Checkpoint {path} does not exist.", path);
        if (CheckpointLoader.DetectFormat(path) == CheckpointFileFormat.SafeTensors)
        {
            using var dict = SafeTensors.Read(path, out var metadata);
            if (metadata.TryGetValue("celldino_vit_config", out var json))
                return Build(Deserialize(json, path), dict, path, "");
            if (metadata.TryGetValue("format", out var f) && f == "celldino-train-v1" && metadata.TryGetValue("config", out var cfg))
                return Build(Training.Config.CellDinoConfig.Parse(cfg, $"{path} (config metadata)").CreateVitConfig(), dict, path, "teacher.backbone.");
        }
        var config = fallbackConfig ?? throw new CheckpointFormatException(path,
            "the file does not say which architecture it holds: pass the architecture (e.g. --arch vit_large --patch-size 16 --in-chans 4).");
        // The tensors first: a wrong architecture is one line saying what the file holds, before any model is built.
        using var backbone = CheckpointLoader.LoadStateDict(path, CheckpointLoadOptions.Backbone);
        try
        {
            CheckDeclaredConfig(config, backbone, path, "");
        }
        catch (CheckpointFormatException e)
        {
            throw new CheckpointFormatException(path, WhatTheFileHolds(config, backbone), e);
        }
        return Build(config, backbone, path, "");
    }

    private static string WhatTheFileHolds(VitConfig given, StateDict dict)
    {
        string Given() => $"the architecture given (embed dim {given.EmbedDim}, depth {given.Depth}, patch {given.PatchSize}, {given.InChannels} channels, image size {given.ImgSize})";
        if (!dict.TryGetValue("cls_token", out var cls) || !dict.TryGetValue("patch_embed.proj.weight", out var patch) || !dict.TryGetValue("pos_embed", out var pos)
            || cls.dim() != 3 || patch.dim() != 4 || pos.dim() != 3)
            return $"{Given()} does not fit: the file is not a DINOv2 ViT backbone (no cls_token / patch_embed.proj.weight / pos_embed of the expected rank).";
        long dim = cls.shape[2], chans = patch.shape[1], p = patch.shape[2];
        int depth = dict.Keys.Where(k => k.StartsWith("blocks.", StringComparison.Ordinal)).Select(k => k.Split('.')[1]).Distinct().Count();
        long grid = (long)Math.Round(Math.Sqrt(Math.Max(0, pos.shape[1] - 1)));
        long img = grid * p;
        var matches = ArchNamesFor(dim, depth, (int)p, (int)chans, (int)img);
        return $"{Given()} does not fit the file, which holds embed dim {dim}, depth {depth}, patch {p}, {chans} channels, image size {img}" +
            (matches.Count > 0 ? $": that is {string.Join(" or ", matches)} (patch {p}, {chans} channels, image size {img})." : "; no registered architecture has these sizes.");
    }

    private static List<string> ArchNamesFor(long dim, int depth, int patch, int chans, int img)
    {
        var names = new List<string>();
        if (patch < 1 || chans < 1 || img < patch) return names;
        foreach (var name in VitConfig.ArchNames)
        {
            var c = VitConfig.FromArch(name, patch, chans, img);
            if (c.EmbedDim == dim && c.Depth == depth) names.Add(name);
        }
        return names;
    }

    private static VisionTransformer Build(VitConfig config, StateDict dict, string path, string prefix)
    {
        CheckDeclaredConfig(config, dict, path, prefix);
        var vit = new VisionTransformer(config);
        try
        {
            var selected = new StateDict();
            foreach (var (k, v) in dict)
                if (k.StartsWith(prefix, StringComparison.Ordinal)) selected[k[prefix.Length..]] = v;
            StateDictLoader.Load(vit, selected, strict: true, source: path);
        }
        catch
        {
            vit.Dispose();
            throw;
        }
        vit.eval();
        return vit;
    }

    /// <summary>
    /// The architecture a file declares must agree with the tensors it holds before anything is built: a forged
    /// <c>celldino_vit_config</c> (dim 8192, depth 48) would otherwise allocate a ~150 GB model first and fail after.
    /// </summary>
    internal static void CheckDeclaredConfig(VitConfig config, StateDict dict, string path, string prefix)
    {
        void Expect(string key, params long[] shape)
        {
            if (!dict.TryGetValue(prefix + key, out var t))
                throw new CheckpointFormatException(path, $"its declared architecture needs tensor '{prefix}{key}', which the file lacks.");
            if (!t.shape.SequenceEqual(shape))
                throw new CheckpointFormatException(path, $"its declared architecture (dim {config.EmbedDim}, depth {config.Depth}, patch {config.PatchSize}, " +
                    $"{config.InChannels} channels) needs '{prefix}{key}' of shape [{string.Join(", ", shape)}], but the file holds [{string.Join(", ", t.shape)}].");
        }
        long d = config.EmbedDim;
        Expect("cls_token", 1, 1, d);
        Expect("patch_embed.proj.weight", d, config.InChannels, config.PatchSize, config.PatchSize);
        Expect("pos_embed", 1, 1 + (long)config.GridSize * config.GridSize, d);
        var blocks = dict.Keys.Where(k => k.StartsWith(prefix + "blocks.", StringComparison.Ordinal))
            .Select(k => k[(prefix.Length + 7)..].Split('.')[0]).Distinct().Count();
        if (blocks != config.Depth)
            throw new CheckpointFormatException(path, $"its declared architecture has depth {config.Depth}, but the file holds {blocks} blocks.");
        Expect("blocks.0.attn.qkv.weight", 3 * d, d);
        if (config.Ffn == Layers.FfnLayer.Mlp) Expect("blocks.0.mlp.fc1.weight", (long)(d * config.MlpRatio), d);
    }

    private static VitConfig Deserialize(string json, string path)
    {
        try
        {
            var config = JsonSerializer.Deserialize<VitConfig>(json) ?? throw new JsonException("empty");
            config.Validate("celldino_vit_config");
            return config;
        }
        catch (JsonException ex)
        {
            throw new CheckpointFormatException(path, $"its celldino_vit_config metadata is not a valid ViT configuration ({ex.Message}).", ex);
        }
        catch (ArgumentException ex)
        {
            throw new CheckpointFormatException(path, ex.Message, ex); // "<path>: celldino_vit_config: EmbedDim = 10: expected ..."
        }
    }
}
