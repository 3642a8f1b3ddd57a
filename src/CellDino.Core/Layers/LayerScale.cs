using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CellDino.Core.Layers;

/// <summary>Per-channel residual scaling <c>x · gamma</c> (CaiT/DINOv2). Key: <c>gamma</c>.</summary>
public sealed class LayerScale : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006
    private readonly Parameter gamma;
#pragma warning restore IDE1006

    /// <summary>Creates the scale with every channel set to <paramref name="initValue"/>.</summary>
    public LayerScale(int dim, double initValue = 1e-5) : base(nameof(LayerScale))
    {
        gamma = nn.Parameter(full(dim, initValue).DetachFromDisposeScope());
        RegisterComponents();
    }

    /// <summary>The learned per-channel scale.</summary>
    public Parameter Gamma => gamma;

    /// <inheritdoc />
    public override Tensor forward(Tensor x) => x * gamma;
}
