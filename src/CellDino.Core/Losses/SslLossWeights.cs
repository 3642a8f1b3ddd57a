namespace CellDino.Core.Losses;

/// <summary>
/// Loss weights of DINOv2's <c>SSLMetaArch</c> (<c>dino.loss_weight</c>, <c>ibot.loss_weight</c>,
/// <c>dino.koleo_loss_weight</c>); the defaults are Cell-DINO's 1.0 / 1.0 / 0.1. A weight of 0 switches
/// that term off (for DINO this also switches off KoLeo, as in DINOv2).
/// </summary>
internal sealed record SslLossWeights
{
    /// <summary>Weight of the DINO class-token terms.</summary>
    public double Dino { get; init; } = 1.0;

    /// <summary>Weight of the iBOT masked-patch term.</summary>
    public double Ibot { get; init; } = 1.0;

    /// <summary>Weight of the KoLeo regularizer.</summary>
    public double Koleo { get; init; } = 0.1;
}
