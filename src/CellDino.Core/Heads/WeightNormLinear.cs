using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CellDino.Core.Heads;

/// <summary>
/// A bias-free Linear layer with weight normalization over output rows (PyTorch's legacy
/// <c>weight_norm(Linear, dim=0)</c>): <c>W[o] = weight_g[o] · weight_v[o] / ‖weight_v[o]‖₂</c>.
/// Keys: <c>weight_g</c> [out, 1] and <c>weight_v</c> [out, in], as in DINOv2 checkpoints.
/// </summary>
public sealed class WeightNormLinear : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // PyTorch names: they are the state-dict keys
    private readonly Parameter weight_g;
    private readonly Parameter weight_v;
#pragma warning restore IDE1006

    /// <summary>
    /// Creates the layer with <c>weight_v</c> drawn like PyTorch's default Linear init
    /// (U(−1/√in, 1/√in)) and every <c>weight_g</c> set to 1, as DINOv2's head does.
    /// </summary>
    /// <param name="inFeatures">Input width.</param>
    /// <param name="outFeatures">Output width.</param>
    /// <param name="generator">Random generator for <c>weight_v</c> (null: torch's global one).</param>
    public WeightNormLinear(int inFeatures, int outFeatures, Generator? generator = null) : base(nameof(WeightNormLinear))
    {
        if (inFeatures <= 0 || outFeatures <= 0)
            throw new ArgumentOutOfRangeException(nameof(inFeatures), $"sizes must be positive, got in {inFeatures}, out {outFeatures}.");
        InFeatures = inFeatures;
        OutFeatures = outFeatures;
        double bound = 1 / Math.Sqrt(inFeatures);
        // Detached first: nn.Parameter takes over the data tensor's dispose scope, and a scope around
        // the constructor would otherwise free the weights when it ends.
        weight_v = nn.Parameter(empty(outFeatures, inFeatures).DetachFromDisposeScope().uniform_(-bound, bound, generator));
        weight_g = nn.Parameter(ones(outFeatures, 1).DetachFromDisposeScope());
        RegisterComponents();
    }

    /// <summary>Input width.</summary>
    public int InFeatures { get; }

    /// <summary>Output width.</summary>
    public int OutFeatures { get; }

    /// <summary>Per-row magnitude g [out, 1] (trainable).</summary>
    public Parameter WeightG => weight_g;

    /// <summary>Per-row direction v [out, in].</summary>
    public Parameter WeightV => weight_v;

    /// <summary>The effective weight <c>g · v / ‖v‖</c> [out, in] (differentiable in g and v).</summary>
    public Tensor EffectiveWeight()
    {
        using var norm = weight_v.norm(1, keepdim: true);
        using var scale = weight_g / norm;
        return weight_v * scale;
    }

    /// <summary>[…, in] → […, out] = x · Wᵀ (no bias).</summary>
    /// <remarks>
    /// Computed as <c>(x · vᵀ) · (g / ‖v‖)ᵀ</c>: the row scale moves past the matmul, so the [out, in] effective weight is
    /// never materialized nor differentiated elementwise. With 65,536 prototypes that weight has 16.7M entries and
    /// building it cost about 3× the matmul itself (forward + backward, docs/benchmarks.md).
    /// </remarks>
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var scale = (weight_g / weight_v.norm(1, keepdim: true)).t().to(x.dtype);
        return (nn.functional.linear(x, weight_v.to(x.dtype)) * scale).MoveToOuterDisposeScope();
    }
}
