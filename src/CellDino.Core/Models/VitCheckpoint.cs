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
                return Build(Training.Config.CellDinoConfig.Parse(cfg, path).CreateVitConfig(), dict, path, "teacher.backbone.");
        }
        var config = fallbackConfig ?? throw new CheckpointFormatException(path,
            "the file does not say which architecture it holds: pass the architecture (e.g. --arch vit_large --patch-size 16 --in-chans 4).");
        var vit = new VisionTransformer(config);
        try
        {
            vit.LoadCheckpoint(path, CheckpointLoadOptions.Backbone, strict: true);
        }
        catch
        {
            vit.Dispose();
            throw;
        }
        return vit;
    }

    private static VisionTransformer Build(VitConfig config, StateDict dict, string path, string prefix)
    {
        var vit = new VisionTransformer(config);
        try
        {
            var selected = new StateDict();
            foreach (var (k, v) in dict)
                if (k.StartsWith(prefix, StringComparison.Ordinal)) selected[k[prefix.Length..]] = v;
            StateDictLoader.Load(vit, selected, strict: true);
        }
        catch
        {
            vit.Dispose();
            throw;
        }
        vit.eval();
        return vit;
    }

    private static VitConfig Deserialize(string json, string path)
    {
        try
        {
            var config = JsonSerializer.Deserialize<VitConfig>(json) ?? throw new JsonException("empty");
            config.Validate();
            return config;
        }
        catch (JsonException ex)
        {
            throw new CheckpointFormatException(path, $"its celldino_vit_config metadata is not a valid ViT configuration ({ex.Message}).", ex);
        }
    }
}
