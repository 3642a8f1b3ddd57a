using static TorchSharp.torch;

namespace CellDino.Core.Augmentation;

/// <summary>
/// iBOT masks for a batch of collated global crops, as DINOv2's <c>collate_data_and_cast</c> returns them.
/// </summary>
/// <param name="Masks">[nImages, N] bool, true where a patch is masked (row = collated global-crop index).</param>
/// <param name="MaskIndices">[M] int64: flat indices of the masked patches in <c>Masks.flatten()</c>, ascending.</param>
/// <param name="MasksWeight">[M] float32: for each masked patch, 1 / (masked patches of its image).</param>
/// <param name="NMaskedPatches">[1] int64 holding M.</param>
/// <param name="Upperbound">Σ over masked images of <c>int(N · upper ratio of its stratum)</c>: a bound on M for buffer sizing.</param>
internal sealed record IbotMasks(Tensor Masks, Tensor MaskIndices, Tensor MasksWeight, Tensor NMaskedPatches, int Upperbound) : IDisposable
{
    /// <summary>Disposes the tensors.</summary>
    public void Dispose()
    {
        Masks.Dispose();
        MaskIndices.Dispose();
        MasksWeight.Dispose();
        NMaskedPatches.Dispose();
    }
}
