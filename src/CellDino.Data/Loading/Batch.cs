using CellDino.Data.Samples;
using TorchSharp;

namespace CellDino.Data.Loading;

/// <summary>
/// One collated batch. Owns <see cref="Images"/>: dispose the batch (or move the tensor elsewhere)
/// when done.
/// </summary>
/// <param name="Images">Float32 tensor <c>[B, C, H, W]</c> on the CPU (page-locked when CUDA is present and pinning is on).</param>
/// <param name="Metadata">Metadata of each sample, in batch order.</param>
/// <param name="Indices">Dataset index of each sample, in batch order.</param>
/// <param name="Epoch">Epoch the batch belongs to.</param>
/// <param name="BatchIndex">Position of the batch within its epoch.</param>
public sealed record Batch(torch.Tensor Images, IReadOnlyList<SampleMetadata> Metadata, int[] Indices, int Epoch, int BatchIndex) : IDisposable
{
    /// <summary>Number of samples.</summary>
    public int Count => Indices.Length;

    /// <summary>Disposes <see cref="Images"/>.</summary>
    public void Dispose() => Images.Dispose();
}
