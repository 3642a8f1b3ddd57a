using CellDino.Core.Layers;

namespace CellDino.Core.Models;

/// <summary>
/// Shape of a <see cref="VisionTransformer"/>, named after DINOv2's <c>DinoVisionTransformer</c> arguments.
/// Presets <see cref="Small"/>, <see cref="Base"/>, <see cref="Large"/>, <see cref="Giant"/> match
/// <c>vit_small</c>, <c>vit_base</c>, <c>vit_large</c>, <c>vit_giant2</c>.
/// </summary>
public sealed record VitConfig
{
    /// <summary>Base image size the position embedding is learned for (<c>img_size</c>).</summary>
    public int ImgSize { get; init; } = 224;

    /// <summary>Patch side in pixels (<c>patch_size</c>).</summary>
    public int PatchSize { get; init; } = 16;

    /// <summary>Input channels (<c>in_chans</c>): 4 for HPA, 5 for Cell Painting.</summary>
    public int InChannels { get; init; } = 4;

    /// <summary>Token width D (<c>embed_dim</c>).</summary>
    public int EmbedDim { get; init; } = 384;

    /// <summary>Number of transformer blocks (<c>depth</c>).</summary>
    public int Depth { get; init; } = 12;

    /// <summary>Attention heads (<c>num_heads</c>).</summary>
    public int NumHeads { get; init; } = 6;

    /// <summary>MLP hidden width as a multiple of D (<c>mlp_ratio</c>).</summary>
    public double MlpRatio { get; init; } = 4;

    /// <summary>Feed-forward type (<c>ffn_layer</c>).</summary>
    public FfnLayer Ffn { get; init; } = FfnLayer.Mlp;

    /// <summary>Bias on the qkv projection (<c>qkv_bias</c>).</summary>
    public bool QkvBias { get; init; } = true;

    /// <summary>Bias on the attention output projection (<c>proj_bias</c>).</summary>
    public bool ProjBias { get; init; } = true;

    /// <summary>Biases in the feed-forward network (<c>ffn_bias</c>).</summary>
    public bool FfnBias { get; init; } = true;

    /// <summary>LayerScale initial value (<c>init_values</c>, DINOv2 training uses 1e-5), or null for none.</summary>
    public double? LayerScaleInit { get; init; } = 1e-5;

    /// <summary>Stochastic-depth rate (<c>drop_path_rate</c>); Cell-DINO uses 0.1 for the student.</summary>
    public double DropPathRate { get; init; }

    /// <summary>Same rate in every block (<c>drop_path_uniform</c>) instead of a linear ramp from 0.</summary>
    public bool DropPathUniform { get; init; } = true;

    /// <summary>Register tokens inserted after the class token (<c>num_register_tokens</c>).</summary>
    public int NumRegisterTokens { get; init; }

    /// <summary>Offset added to the grid size before computing the position-embedding scale factor (<c>interpolate_offset</c>).</summary>
    public double InterpolateOffset { get; init; } = 0.1;

    /// <summary>Antialiasing when resampling the position embedding (<c>interpolate_antialias</c>).</summary>
    public bool InterpolateAntialias { get; init; }

    /// <summary>Tokens per side of the learned position-embedding grid.</summary>
    public int GridSize => ImgSize / PatchSize;

    /// <summary>ViT-S: D 384, depth 12, 6 heads (<c>vit_small</c>).</summary>
    public static VitConfig Small(int patchSize = 16, int inChannels = 4, int imgSize = 224) =>
        new() { PatchSize = patchSize, InChannels = inChannels, ImgSize = imgSize, EmbedDim = 384, Depth = 12, NumHeads = 6 };

    /// <summary>ViT-B: D 768, depth 12, 12 heads (<c>vit_base</c>).</summary>
    public static VitConfig Base(int patchSize = 16, int inChannels = 4, int imgSize = 224) =>
        new() { PatchSize = patchSize, InChannels = inChannels, ImgSize = imgSize, EmbedDim = 768, Depth = 12, NumHeads = 12 };

    /// <summary>ViT-L: D 1024, depth 24, 16 heads (<c>vit_large</c>), the HPA Cell-DINO models.</summary>
    public static VitConfig Large(int patchSize = 16, int inChannels = 4, int imgSize = 224) =>
        new() { PatchSize = patchSize, InChannels = inChannels, ImgSize = imgSize, EmbedDim = 1024, Depth = 24, NumHeads = 16 };

    /// <summary>ViT-g: D 1536, depth 40, 24 heads, fused SwiGLU (<c>vit_giant2</c>).</summary>
    public static VitConfig Giant(int patchSize = 14, int inChannels = 4, int imgSize = 518) =>
        new() { PatchSize = patchSize, InChannels = inChannels, ImgSize = imgSize, EmbedDim = 1536, Depth = 40, NumHeads = 24, Ffn = FfnLayer.SwiGlu };

    /// <summary>A tiny ViT for CPU tests and demos: D 64, depth 2, 2 heads, 32 px images, patch 8.</summary>
    public static VitConfig Tiny(int patchSize = 8, int inChannels = 4, int imgSize = 32) =>
        new() { PatchSize = patchSize, InChannels = inChannels, ImgSize = imgSize, EmbedDim = 64, Depth = 2, NumHeads = 2 };

    /// <summary>
    /// The architecture registry: DINOv2's <c>vit_small</c>, <c>vit_base</c>, <c>vit_large</c>, <c>vit_giant2</c> and
    /// CellDino's CPU-sized <c>vit_tiny</c> (D 192), <c>vit_mini</c> (D 128, depth 4) and <c>vit_micro</c> (D 64, depth 4),
    /// in size order. The training config's <c>student.arch</c> and <c>celldino embed --arch</c> both resolve here.
    /// </summary>
    public static IReadOnlyList<string> ArchNames { get; } = ["vit_micro", "vit_mini", "vit_tiny", "vit_small", "vit_base", "vit_large", "vit_giant2"];

    /// <summary>The backbone named <paramref name="arch"/> (one of <see cref="ArchNames"/>) with the given patch size, channels and position-embedding size.</summary>
    /// <exception cref="ArgumentException">Unknown name; the message lists <see cref="ArchNames"/>.</exception>
    public static VitConfig FromArch(string arch, int patchSize, int inChannels, int imgSize) => arch switch
    {
        "vit_micro" => Tiny(patchSize, inChannels, imgSize) with { Depth = 4, NumHeads = 4 },
        "vit_mini" => Tiny(patchSize, inChannels, imgSize) with { EmbedDim = 128, Depth = 4, NumHeads = 4 },
        "vit_tiny" => Small(patchSize, inChannels, imgSize) with { EmbedDim = 192, NumHeads = 3 },
        "vit_small" => Small(patchSize, inChannels, imgSize),
        "vit_base" => Base(patchSize, inChannels, imgSize),
        "vit_large" => Large(patchSize, inChannels, imgSize),
        "vit_giant2" => Giant(patchSize, inChannels, imgSize),
        _ => throw new ArgumentException($"Architecture '{arch}' is not one of {string.Join(", ", ArchNames)}.", nameof(arch)),
    };

    /// <summary>Throws <see cref="ArgumentException"/> naming the first inconsistent setting and its value.</summary>
    public void Validate() => Validate("VitConfig");

    /// <summary>
    /// Throws <see cref="ArgumentException"/> reading <c>&lt;source&gt;: &lt;key&gt; = &lt;value&gt;: expected …</c> for the
    /// first inconsistent setting, where <paramref name="source"/> names where the configuration came from.
    /// </summary>
    public void Validate(string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        void Check(bool ok, string key, object value, string expected)
        {
            if (!ok) throw new ArgumentException(FormattableString.Invariant($"{source}: {key} = {value}: expected {expected}."));
        }
        Check(PatchSize > 0, nameof(PatchSize), PatchSize, "a positive patch side");
        Check(ImgSize > 0, nameof(ImgSize), ImgSize, "a positive image size");
        Check(ImgSize % PatchSize == 0, nameof(ImgSize), ImgSize, $"a multiple of PatchSize {PatchSize}");
        Check(InChannels > 0, nameof(InChannels), InChannels, "at least 1 channel");
        Check(NumHeads > 0, nameof(NumHeads), NumHeads, "at least 1 head");
        Check(EmbedDim > 0 && EmbedDim % NumHeads == 0, nameof(EmbedDim), EmbedDim, $"a positive multiple of NumHeads {NumHeads}");
        Check(Depth > 0, nameof(Depth), Depth, "at least 1 block");
        Check(MlpRatio > 0, nameof(MlpRatio), MlpRatio, "positive");
        Check(DropPathRate is >= 0 and < 1, nameof(DropPathRate), DropPathRate, "in [0, 1)");
        Check(NumRegisterTokens >= 0, nameof(NumRegisterTokens), NumRegisterTokens, "0 or more");
        Check(InterpolateOffset >= 0, nameof(InterpolateOffset), InterpolateOffset, "0 or more");
    }
}
