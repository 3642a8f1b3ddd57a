namespace CellDino.Core.Heads;

/// <summary>
/// Shape of a <see cref="DinoHead"/>, named after DINOv2's <c>DINOHead</c> arguments. The defaults are the
/// ones Cell-DINO trains with: a 3-layer MLP 2048 wide, a 256-d bottleneck and 65,536 prototypes.
/// </summary>
public sealed record DinoHeadConfig
{
    /// <summary>Input width (<c>in_dim</c>): the backbone's embedding width D.</summary>
    public required int InDim { get; init; }

    /// <summary>Number of prototypes K (<c>out_dim</c>).</summary>
    public int OutDim { get; init; } = 65536;

    /// <summary>Width of the hidden MLP layers (<c>hidden_dim</c>).</summary>
    public int HiddenDim { get; init; } = 2048;

    /// <summary>Width of the L2-normalized bottleneck (<c>bottleneck_dim</c>).</summary>
    public int BottleneckDim { get; init; } = 256;

    /// <summary>Number of Linear layers in the MLP (<c>nlayers</c>, at least 1).</summary>
    public int NumLayers { get; init; } = 3;

    /// <summary>Biases on the MLP's Linear layers (<c>mlp_bias</c>).</summary>
    public bool MlpBias { get; init; } = true;

    /// <summary>
    /// BatchNorm1d after each hidden Linear (<c>use_bn</c>; off in DINOv2 and Cell-DINO). It shifts the
    /// Sequential indices exactly as in PyTorch (Linear, BatchNorm, GELU, ...).
    /// </summary>
    public bool UseBatchNorm { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first inconsistent setting.</summary>
    public void Validate()
    {
        static void Check(bool ok, string message)
        {
            if (!ok) throw new ArgumentException($"Invalid DinoHeadConfig: {message}");
        }
        Check(InDim > 0, $"InDim must be positive, got {InDim}.");
        Check(OutDim > 0, $"OutDim must be positive, got {OutDim}.");
        Check(HiddenDim > 0, $"HiddenDim must be positive, got {HiddenDim}.");
        Check(BottleneckDim > 0, $"BottleneckDim must be positive, got {BottleneckDim}.");
        Check(NumLayers >= 1, $"NumLayers must be at least 1, got {NumLayers}.");
    }
}
