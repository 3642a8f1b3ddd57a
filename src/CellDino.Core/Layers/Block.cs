using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CellDino.Core.Layers;

/// <summary>
/// A pre-norm transformer block as DINOv2 builds it:
/// <c>x + drop_path(ls1(attn(norm1(x))))</c>, then <c>x + drop_path(ls2(mlp(norm2(x))))</c>.
/// Keys: <c>norm1.*</c>, <c>attn.qkv.*</c>, <c>attn.proj.*</c>, <c>ls1.gamma</c>, <c>norm2.*</c>, <c>mlp.*</c>, <c>ls2.gamma</c>.
/// </summary>
public sealed class Block : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006
    private readonly LayerNorm norm1;
    private readonly Attention attn;
    private readonly nn.Module<Tensor, Tensor> ls1;
    private readonly LayerNorm norm2;
    private readonly nn.Module<Tensor, Tensor> mlp;
    private readonly nn.Module<Tensor, Tensor> ls2;
    private readonly DropPath drop_path;
#pragma warning restore IDE1006

    /// <summary>Creates a block.</summary>
    /// <param name="dim">Token width D.</param>
    /// <param name="numHeads">Attention heads.</param>
    /// <param name="mlpRatio">MLP hidden width as a multiple of D.</param>
    /// <param name="ffn">MLP (GELU) or fused SwiGLU.</param>
    /// <param name="layerScaleInit">LayerScale initial value, or null for no LayerScale.</param>
    /// <param name="dropPath">Stochastic-depth rate of this block.</param>
    /// <param name="qkvBias">Bias on the qkv projection.</param>
    /// <param name="projBias">Bias on the attention output projection.</param>
    /// <param name="ffnBias">Biases in the feed-forward network.</param>
    public Block(int dim, int numHeads, double mlpRatio = 4, FfnLayer ffn = FfnLayer.Mlp, double? layerScaleInit = 1e-5,
                 double dropPath = 0, bool qkvBias = true, bool projBias = true, bool ffnBias = true) : base(nameof(Block))
    {
        int hidden = (int)(dim * mlpRatio);
        norm1 = nn.LayerNorm(dim, eps: 1e-6);
        attn = new Attention(dim, numHeads, qkvBias, projBias);
        ls1 = layerScaleInit is double v1 ? new LayerScale(dim, v1) : nn.Identity();
        norm2 = nn.LayerNorm(dim, eps: 1e-6);
        mlp = ffn == FfnLayer.SwiGlu ? new SwiGluFfn(dim, hidden, ffnBias) : new Mlp(dim, hidden, ffnBias);
        ls2 = layerScaleInit is double v2 ? new LayerScale(dim, v2) : nn.Identity();
        drop_path = new DropPath(dropPath);
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var y = Residual(x, attn.forward(norm1.forward(x)), ls1);
        y = Residual(y, mlp.forward(norm2.forward(y)), ls2);
        return y.MoveToOuterDisposeScope();
    }

    // DINOv2's x + drop_path(ls(branch)) as one pass over the tokens: the per-channel LayerScale and the per-sample drop mask
    // are first multiplied into one small [B, 1, D] factor, then a single addcmul adds the scaled branch (three full passes
    // in the reference: the scale, the mask and the add).
    private Tensor Residual(Tensor x, Tensor branch, nn.Module<Tensor, Tensor> layerScale)
    {
        Tensor? factor = layerScale is LayerScale ls ? ls.Gamma : null;
        if (drop_path.Mask(x) is { } mask) factor = factor is null ? mask : mask * factor;
        return factor is null ? x + branch : x.addcmul(branch, factor, 1);
    }
}
