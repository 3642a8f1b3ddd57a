using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CellDino.Core.Layers;

/// <summary>
/// DINOv2's fused SwiGLU feed-forward (used by ViT-g): <c>w12</c> projects to two halves x1, x2,
/// then <c>w3(silu(x1) · x2)</c>. The hidden width is 2/3 of the MLP width rounded up to a multiple of 8.
/// </summary>
public sealed class SwiGluFfn : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006
    private readonly Linear w12;
    private readonly Linear w3;
#pragma warning restore IDE1006

    /// <summary>Creates the SwiGLU FFN for a nominal MLP width <paramref name="hiddenFeatures"/>.</summary>
    public SwiGluFfn(int inFeatures, int hiddenFeatures, bool bias = true) : base(nameof(SwiGluFfn))
    {
        int hidden = FusedHiddenWidth(hiddenFeatures);
        w12 = nn.Linear(inFeatures, 2 * hidden, hasBias: bias);
        w3 = nn.Linear(hidden, inFeatures, hasBias: bias);
        RegisterComponents();
    }

    /// <summary>The hidden width DINOv2's fused SwiGLU uses for a nominal width: ((2/3·h) rounded down, then up to ×8).</summary>
    public static int FusedHiddenWidth(int hiddenFeatures) => ((int)(hiddenFeatures * 2.0 / 3.0) + 7) / 8 * 8;

    /// <inheritdoc />
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var halves = w12.forward(x).chunk(2, dim: -1);
        var hidden = nn.functional.silu(halves[0]) * halves[1];
        return w3.forward(hidden).MoveToOuterDisposeScope();
    }
}
