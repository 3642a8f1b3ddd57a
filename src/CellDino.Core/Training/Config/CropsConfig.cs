namespace CellDino.Core.Training.Config;

/// <summary>The <c>crops</c> section of DINOv2's <c>ssl_default_config.yaml</c>, with Cell-DINO's values.</summary>
public sealed record CropsConfig
{
    /// <summary>Area fraction range of the two global crops.</summary>
    public double[] GlobalCropsScale { get; init; } = [0.4, 1.0];

    /// <summary>Number of local crops per image.</summary>
    public int LocalCropsNumber { get; init; } = 8;

    /// <summary>Area fraction range of the local crops (Cell-DINO: 0.005–0.4).</summary>
    public double[] LocalCropsScale { get; init; } = [0.005, 0.4];

    /// <summary>Side of a global crop in pixels.</summary>
    public int GlobalCropsSize { get; init; } = 224;

    /// <summary>Side of a local crop in pixels.</summary>
    public int LocalCropsSize { get; init; } = 96;

    /// <summary>Probability of zeroing one non-protein channel (Cell-DINO's RandomRemoveChannelExceptProtein).</summary>
    public double ChannelDropProbability { get; init; } = 0.2;

    /// <summary>Index of the protein channel that is never dropped and may be rescaled; null when there is none (Cell Painting).</summary>
    public int? ProteinChannel { get; init; } = 1;

    /// <summary>Probability of Cell-DINO's protein-channel contrast rescale.</summary>
    public double ProteinRescaleProbability { get; init; } = 0.2;

    /// <summary>Standard deviation of the per-channel brightness and contrast factors max(N(1, σ), 0.5).</summary>
    public double BrightnessContrastStd { get; init; } = 0.2;
}
