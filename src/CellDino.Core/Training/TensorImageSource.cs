using static TorchSharp.torch;

namespace CellDino.Core.Training;

/// <summary>
/// An <see cref="ITrainingImageSource"/> over an in-memory image tensor <c>[N, C, H, W]</c>: each iteration draws a
/// batch by a seeded permutation per epoch. For tests, small experiments and images already on the device.
/// </summary>
public sealed class TensorImageSource : ITrainingImageSource
{
    private readonly Tensor _images;
    private readonly int _seed;

    /// <summary>Wraps <paramref name="images"/> (not copied; the caller keeps ownership).</summary>
    public TensorImageSource(Tensor images, int batchSize, double sourceMax, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.dim() != 4) throw new ArgumentException($"Images must be [N, C, H, W], got [{string.Join(", ", images.shape)}].", nameof(images));
        if (batchSize < 1 || batchSize > images.shape[0])
            throw new ArgumentOutOfRangeException(nameof(batchSize), $"Batch size {batchSize} must be between 1 and the {images.shape[0]} images.");
        _images = images;
        _seed = seed;
        BatchSize = batchSize;
        SourceMax = sourceMax;
    }

    /// <inheritdoc />
    public int BatchSize { get; }

    /// <inheritdoc />
    public int Channels => (int)_images.shape[1];

    /// <inheritdoc />
    public double SourceMax { get; }

    /// <summary>Batches per epoch (the last partial batch is dropped).</summary>
    public long BatchesPerEpoch => _images.shape[0] / BatchSize;

    /// <inheritdoc />
    public Tensor GetBatch(long iteration, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        long epoch = iteration / BatchesPerEpoch, k = iteration % BatchesPerEpoch;
        var order = Permutation((int)_images.shape[0], unchecked(_seed * 1_000_003 + (int)epoch));
        var idx = order.AsSpan((int)(k * BatchSize), BatchSize).ToArray().Select(i => (long)i).ToArray();
        using var index = tensor(idx, device: _images.device);
        return _images.index_select(0, index);
    }

    private static int[] Permutation(int n, int seed)
    {
        var rng = new Random(seed);
        var p = Enumerable.Range(0, n).ToArray();
        rng.Shuffle(p);
        return p;
    }
}
