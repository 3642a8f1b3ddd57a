namespace CellDino.Core.Training;

/// <summary>Layer-wise learning-rate settings (DINOv2 <c>optim.layerwise_decay</c>, <c>optim.patch_embed_lr_mult</c>); defaults are Cell-DINO's.</summary>
internal sealed record ParameterGroupOptions
{
    /// <summary>Per-block learning-rate decay from the top of the backbone down (0.9).</summary>
    public double LayerwiseDecay { get; init; } = 0.9;

    /// <summary>Extra learning-rate multiplier of the patch embedding (0.2).</summary>
    public double PatchEmbedLrMultiplier { get; init; } = 0.2;
}
