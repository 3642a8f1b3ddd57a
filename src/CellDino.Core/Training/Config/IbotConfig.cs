namespace CellDino.Core.Training.Config;

/// <summary>The <c>ibot</c> section: masked-patch loss (DINOv2 defaults; the head is shared with DINO).</summary>
public sealed record IbotConfig
{
    /// <summary>Weight of the iBOT patch loss.</summary>
    public double LossWeight { get; init; } = 1.0;

    /// <summary>Fraction of global-crop images that receive a mask.</summary>
    public double MaskSampleProbability { get; init; } = 0.5;

    /// <summary>Range of mask ratios, stratified over the masked images.</summary>
    public double[] MaskRatioMinMax { get; init; } = [0.1, 0.5];
}
