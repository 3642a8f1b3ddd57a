using System.Globalization;
using CellDino.Core.Heads;
using CellDino.Core.Models;
using static TorchSharp.torch;

namespace CellDino.Core.Training;

/// <summary>
/// Per-parameter learning-rate and weight-decay multipliers as DINOv2's
/// <c>get_params_groups_with_decay</c> / <c>fuse_params_groups</c> / <c>SSLMetaArch.get_params_groups</c>
/// compute them, sub-module by sub-module:
/// <list type="bullet">
/// <item>in a backbone with L blocks, layer id 0 for <c>pos_embed</c>, <c>patch_embed</c>, <c>mask_token</c>,
/// <c>cls_token</c>, <c>register_tokens</c>; i+1 for <c>blocks.i.*</c>; L+1 otherwise (final norm); lr
/// multiplier = decay^(L+1−id); in a head (no blocks) every lr multiplier is 1;</item>
/// <item><c>patch_embed.*</c> lr multiplier × patch_embed_lr_mult;</item>
/// <item>wd multiplier 0 for names ending in <c>.bias</c> or containing <c>norm</c> or <c>gamma</c>, else 1;</item>
/// <item>last layer = names containing <c>last_layer</c>;</item>
/// <item>parameters that do not require gradients are skipped.</item>
/// </list>
/// </summary>
internal static class ParameterGroups
{
    /// <summary>
    /// The entries of one sub-module (DINOv2 <c>get_params_groups_with_decay</c>): names are the module's
    /// parameter names, prefixed by <paramref name="prefix"/> and a dot when given.
    /// </summary>
    /// <param name="module">The sub-module.</param>
    /// <param name="numBlocks">Its number of transformer blocks (0 for heads).</param>
    /// <param name="options">Decay settings (null: Cell-DINO's).</param>
    /// <param name="prefix">Sub-module name put in front of each parameter name (e.g. <c>backbone</c>).</param>
    public static IReadOnlyList<ParameterGroupEntry> Entries(nn.Module module, int numBlocks, ParameterGroupOptions? options = null, string? prefix = null)
    {
        ArgumentNullException.ThrowIfNull(module);
        if (numBlocks < 0) throw new ArgumentOutOfRangeException(nameof(numBlocks), numBlocks, "must be >= 0.");
        options ??= new ParameterGroupOptions();
        var result = new List<ParameterGroupEntry>();
        foreach (var (name, p) in module.named_parameters())
        {
            if (!p.requires_grad) continue;
            double lr = LayerwiseLrMultiplier(name, options.LayerwiseDecay, numBlocks, forceIsBackbone: numBlocks > 0);
            bool last = name.Contains("last_layer", StringComparison.Ordinal);
            double wd = name.EndsWith(".bias", StringComparison.Ordinal) || name.Contains("norm", StringComparison.Ordinal) || name.Contains("gamma", StringComparison.Ordinal) ? 0.0 : 1.0;
            if (name.Contains("patch_embed", StringComparison.Ordinal)) lr *= options.PatchEmbedLrMultiplier;
            result.Add(new ParameterGroupEntry(string.IsNullOrEmpty(prefix) ? name : prefix + "." + name, p, lr, wd, last));
        }
        return result;
    }

    /// <summary>
    /// Fuses entries with equal (lr multiplier, wd multiplier, last-layer flag) into groups, in order of
    /// first appearance (DINOv2 <c>fuse_params_groups</c>).
    /// </summary>
    /// <param name="entries">Entries of one sub-module.</param>
    /// <param name="module">Name recorded in each group.</param>
    public static IReadOnlyList<ParameterGroup> Fuse(IEnumerable<ParameterGroupEntry> entries, string module)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var order = new List<(double, double, bool)>();
        var map = new Dictionary<(double, double, bool), List<ParameterGroupEntry>>();
        foreach (var e in entries)
        {
            var key = (e.LrMultiplier, e.WdMultiplier, e.IsLastLayer);
            if (!map.TryGetValue(key, out var list))
            {
                map[key] = list = new List<ParameterGroupEntry>();
                order.Add(key);
            }
            list.Add(e);
        }
        return order.Select(k => new ParameterGroup(module, k.Item1, k.Item2, k.Item3, map[k])).ToList();
    }

    /// <summary>
    /// The optimizer groups of a Cell-DINO student (DINOv2 <c>SSLMetaArch.get_params_groups</c>): the
    /// backbone's fused groups, then the DINO head's, then (when separate) the iBOT head's. Groups are never
    /// fused across sub-modules.
    /// </summary>
    /// <param name="backbone">Student backbone (sub-module <c>backbone</c>).</param>
    /// <param name="dinoHead">Student DINO head (sub-module <c>dino_head</c>).</param>
    /// <param name="ibotHead">Separate student iBOT head (sub-module <c>ibot_head</c>), or null when shared.</param>
    /// <param name="options">Decay settings (null: Cell-DINO's).</param>
    public static IReadOnlyList<ParameterGroup> Build(VisionTransformer backbone, DinoHead dinoHead, DinoHead? ibotHead = null, ParameterGroupOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(backbone);
        ArgumentNullException.ThrowIfNull(dinoHead);
        var groups = new List<ParameterGroup>();
        groups.AddRange(Fuse(Entries(backbone, backbone.Depth, options, "backbone"), "backbone"));
        groups.AddRange(Fuse(Entries(dinoHead, 0, options, "dino_head"), "dino_head"));
        if (ibotHead is not null) groups.AddRange(Fuse(Entries(ibotHead, 0, options, "ibot_head"), "ibot_head"));
        return groups;
    }

    /// <summary>
    /// DINOv2 <c>get_vit_lr_decay_rate</c> for a parameter name inside a module with
    /// <paramref name="numLayers"/> blocks (flat <c>blocks.i</c> layout).
    /// </summary>
    internal static double LayerwiseLrMultiplier(string name, double decay, int numLayers, bool forceIsBackbone)
    {
        int layerId = numLayers + 1;
        if (name.StartsWith("backbone", StringComparison.Ordinal) || forceIsBackbone)
        {
            string[] embeddings = { "pos_embed", "patch_embed", "mask_token", "cls_token", "register_tokens" };
            bool Has(string s) => name.Contains(s, StringComparison.Ordinal);
            if (embeddings.Any(e => Has("." + e)) || (forceIsBackbone && embeddings.Any(Has)))
                layerId = 0;
            else if (Has(".blocks.") && !Has(".residual."))
                layerId = BlockIndex(name, name.IndexOf(".blocks.", StringComparison.Ordinal) + 1) + 1;
            else if (Has("blocks.") && !Has("residual."))
                layerId = BlockIndex(name, name.IndexOf("blocks.", StringComparison.Ordinal)) + 1;
        }
        return Math.Pow(decay, numLayers + 1 - layerId);
    }

    // The integer after "blocks." starting at position `at` (names like blocks.3.attn.qkv.weight).
    private static int BlockIndex(string name, int at)
    {
        var parts = name[at..].Split('.');
        if (parts.Length < 2 || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int i))
            throw new ArgumentException($"parameter name '{name}' has no block index after 'blocks.'.", nameof(name));
        return i;
    }
}
