using static TorchSharp.torch;

namespace CellDino.Core.Augmentation;

/// <summary>
/// The crops of one batch, ordered as DINOv2's <c>collate_data_and_cast</c>: crop-major, so row
/// <c>k·B + b</c> is crop <c>k</c> of image <c>b</c> (all images' first global crop, then all second ones).
/// </summary>
/// <param name="GlobalCrops">Global crops <c>[nGlobal·B, C, Sg, Sg]</c>, float32, on the input's device.</param>
/// <param name="LocalCrops">Local crops <c>[nLocal·B, C, Sl, Sl]</c>, float32, on the input's device.</param>
/// <param name="BatchSize">Images B in the source batch.</param>
public sealed record MultiCropBatch(Tensor GlobalCrops, Tensor LocalCrops, long BatchSize) : IDisposable
{
    /// <summary>Global crops per image.</summary>
    public long GlobalCropsNumber => BatchSize == 0 ? 0 : GlobalCrops.shape[0] / BatchSize;

    /// <summary>Local crops per image.</summary>
    public long LocalCropsNumber => BatchSize == 0 ? 0 : LocalCrops.shape[0] / BatchSize;

    /// <summary>Disposes both crop tensors.</summary>
    public void Dispose()
    {
        GlobalCrops.Dispose();
        LocalCrops.Dispose();
    }
}
