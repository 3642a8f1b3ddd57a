using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CellDino.Core.Layers;

/// <summary>
/// Multi-head self-attention with a fused qkv projection, computed by
/// <c>scaled_dot_product_attention</c> (scale head_dim^-0.5). Keys: <c>qkv.*</c>, <c>proj.*</c>.
/// </summary>
public sealed class Attention : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006
    private readonly Linear qkv;
    private readonly Linear proj;
#pragma warning restore IDE1006
    private readonly int _numHeads;

    /// <summary>Creates attention over <paramref name="dim"/>-wide tokens with <paramref name="numHeads"/> heads.</summary>
    public Attention(int dim, int numHeads, bool qkvBias = true, bool projBias = true) : base(nameof(Attention))
    {
        if (dim % numHeads != 0) throw new ArgumentException($"embedding dim {dim} is not divisible by {numHeads} heads.", nameof(numHeads));
        _numHeads = numHeads;
        qkv = nn.Linear(dim, dim * 3, hasBias: qkvBias);
        proj = nn.Linear(dim, dim, hasBias: projBias);
        RegisterComponents();
    }

    /// <summary>[B, N, D] → [B, N, D].</summary>
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        long b = x.shape[0], n = x.shape[1], d = x.shape[2];
        // [B, N, 3D] -> [3, B, heads, N, head_dim]: rows of qkv are q, k, v, each head-major.
        var parts = qkv.forward(x).reshape(b, n, 3, _numHeads, d / _numHeads).permute(2, 0, 3, 1, 4);
        var attended = nn.functional.scaled_dot_product_attention(parts[0], parts[1], parts[2]);
        // [B, heads, N, head_dim] -> [B, N, D]
        var merged = attended.transpose(1, 2).reshape(b, n, d);
        return proj.forward(merged).MoveToOuterDisposeScope();
    }
}
