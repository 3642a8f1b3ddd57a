using TorchSharp;
using static TorchSharp.torch;

namespace CellDino.Core.Losses;

/// <summary>
/// The Kozachenko–Leonenko entropy regularizer of DINOv2 (<c>KoLeoLoss</c>): rows are L2-normalized
/// (eps 1e-8), each row's nearest neighbour (largest dot product, itself excluded) is found, and the loss
/// is <c>−mean_i log(‖x_i − x_nn(i) + 1e-8‖₂ + 1e-8)</c>. Always float32.
/// </summary>
public sealed class KoLeoLoss : nn.Module<Tensor, Tensor>
{
    /// <summary>The eps DINOv2 uses for the normalization, the pairwise distance and the log.</summary>
    public const double Eps = 1e-8;

    /// <summary>Creates the regularizer (it holds no state).</summary>
    public KoLeoLoss() : base(nameof(KoLeoLoss)) { }

    /// <summary>[n, D] features (n ≥ 2) → scalar loss, differentiable in the features.</summary>
    public override Tensor forward(Tensor features)
    {
        ArgumentNullException.ThrowIfNull(features);
        if (features.dim() != 2 || features.shape[0] < 2)
            throw new ArgumentException($"KoLeoLoss expects [n >= 2, D] features, got [{string.Join(", ", features.shape)}].", nameof(features));
        using var scope = NewDisposeScope();
        var x = nn.functional.normalize(features.to(ScalarType.Float32), p: 2, dim: -1, eps: Eps);
        Tensor nearest;
        using (no_grad())
        {
            long n = x.shape[0];
            // The diagonal is set to −1 (not −inf) exactly as DINOv2 does, so self-matches lose every tie but an antipodal one.
            var dots = x.mm(x.t());
            dots.masked_fill_(eye(n, dtype: ScalarType.Bool, device: x.device), -1.0);
            nearest = dots.argmax(1);
        }
        // nn.PairwiseDistance adds eps to the difference before the norm.
        var distances = (x - x.index_select(0, nearest) + Eps).norm(1);
        var loss = -(distances + Eps).log().mean();
        return loss.MoveToOuterDisposeScope();
    }
}
