using System.Text.Json.Serialization;

namespace CellDino.Core.Training.Config;

/// <summary>The <c>optim</c> section: AdamW, schedules and parameter-group multipliers (Cell-DINO values).</summary>
public sealed record OptimConfig
{
    /// <summary>Number of epochs of <see cref="TrainConfig.OfficialEpochLength"/> iterations.</summary>
    public int Epochs { get; init; } = 100;

    /// <summary>Weight decay at the start (cosine to <see cref="WeightDecayEnd"/>).</summary>
    public double WeightDecay { get; init; } = 0.04;

    /// <summary>Weight decay at the end.</summary>
    public double WeightDecayEnd { get; init; } = 0.2;

    /// <summary>Learning rate for a global batch of 1024, scaled by <see cref="ScalingRule"/>.</summary>
    public double BaseLr { get; init; } = 5e-4;

    /// <summary>Linear learning-rate warm-up in epochs.</summary>
    public int WarmupEpochs { get; init; } = 20;

    /// <summary>Final learning rate of the cosine decay.</summary>
    public double MinLr { get; init; } = 1e-6;

    /// <summary>Maximum gradient norm, applied separately to backbone and head (0 disables).</summary>
    public double ClipGrad { get; init; } = 3.0;

    /// <summary>Epochs during which the head's last layer does not learn.</summary>
    public int FreezeLastLayerEpochs { get; init; } = 1;

    /// <summary>How the base learning rate scales with batch size: <c>sqrt_wrt_1024</c> or <c>linear_wrt_1024</c> or <c>none</c>.</summary>
    [JsonConverter(typeof(ConfigEnumConverter<LrScalingRule>))]
    public LrScalingRule ScalingRule { get; init; } = LrScalingRule.SqrtWrt1024;

    /// <summary>Learning-rate multiplier of the patch embedding.</summary>
    public double PatchEmbedLrMult { get; init; } = 0.2;

    /// <summary>Layer-wise learning-rate decay.</summary>
    public double LayerwiseDecay { get; init; } = 0.9;

    /// <summary>AdamW β₁.</summary>
    public double AdamwBeta1 { get; init; } = 0.9;

    /// <summary>AdamW β₂.</summary>
    public double AdamwBeta2 { get; init; } = 0.999;

    /// <summary>The learning rate after applying <see cref="ScalingRule"/> to a global batch size.</summary>
    public double ScaledLr(int globalBatchSize) => ScalingRule switch
    {
        LrScalingRule.SqrtWrt1024 => BaseLr * Math.Sqrt(globalBatchSize / 1024.0),
        LrScalingRule.LinearWrt1024 => BaseLr * globalBatchSize / 1024.0,
        LrScalingRule.None => BaseLr,
        _ => throw new ArgumentOutOfRangeException(nameof(ScalingRule), ScalingRule, "not a scaling rule."),
    };
}
