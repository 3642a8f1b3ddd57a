using static TorchSharp.torch;

namespace CellDino.Core.Models;

/// <summary>
/// What <see cref="VisionTransformer.ForwardFeatures"/> returns (DINOv2's <c>forward_features</c> dict).
/// All token tensors except <see cref="PreNorm"/> are after the final LayerNorm.
/// </summary>
/// <param name="ClsToken">Class token [B, D] (<c>x_norm_clstoken</c>).</param>
/// <param name="RegisterTokens">Register tokens [B, R, D] (<c>x_norm_regtokens</c>; R may be 0).</param>
/// <param name="PatchTokens">Patch tokens [B, N, D], row-major over the patch grid (<c>x_norm_patchtokens</c>).</param>
/// <param name="PreNorm">All tokens before the final norm [B, 1 + R + N, D] (<c>x_prenorm</c>).</param>
/// <param name="Masks">The iBOT mask passed in [B, N], or null.</param>
public sealed record VitFeatures(Tensor ClsToken, Tensor RegisterTokens, Tensor PatchTokens, Tensor PreNorm, Tensor? Masks) : IDisposable
{
    /// <summary>Disposes the tensors this record owns (not <see cref="Masks"/>, which the caller passed in).</summary>
    public void Dispose()
    {
        ClsToken.Dispose();
        RegisterTokens.Dispose();
        PatchTokens.Dispose();
        PreNorm.Dispose();
    }
}
