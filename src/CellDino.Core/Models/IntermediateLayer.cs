using static TorchSharp.torch;

namespace CellDino.Core.Models;

/// <summary>One block's output from <see cref="VisionTransformer.GetIntermediateLayers(Tensor, int, bool, bool, bool)"/>.</summary>
/// <param name="BlockIndex">Index of the block (0-based, counted over the whole depth).</param>
/// <param name="PatchTokens">Patch tokens [B, N, D], or [B, D, h, w] when reshaped.</param>
/// <param name="ClsToken">Class token [B, D] when requested, otherwise null.</param>
public sealed record IntermediateLayer(int BlockIndex, Tensor PatchTokens, Tensor? ClsToken) : IDisposable
{
    /// <summary>Disposes the tensors.</summary>
    public void Dispose()
    {
        PatchTokens.Dispose();
        ClsToken?.Dispose();
    }
}
