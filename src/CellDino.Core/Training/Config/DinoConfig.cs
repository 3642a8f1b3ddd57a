namespace CellDino.Core.Training.Config;

/// <summary>The <c>dino</c> section: image-level loss and head (DINOv2 defaults; Cell-DINO does not override them).</summary>
public sealed record DinoConfig
{
    /// <summary>Weight of the DINO class-token loss.</summary>
    public double LossWeight { get; init; } = 1.0;

    /// <summary>Number of prototypes K (output width of the head).</summary>
    public int HeadNPrototypes { get; init; } = 65536;

    /// <summary>Bottleneck width before the weight-normalized last layer.</summary>
    public int HeadBottleneckDim { get; init; } = 256;

    /// <summary>Number of linear layers in the head's MLP.</summary>
    public int HeadNlayers { get; init; } = 3;

    /// <summary>Hidden width of the head's MLP.</summary>
    public int HeadHiddenDim { get; init; } = 2048;

    /// <summary>Weight of the KoLeo regularizer.</summary>
    public double KoleoLossWeight { get; init; } = 0.1;
}
