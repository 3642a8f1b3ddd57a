using CellDino.Core.Training;
using CellDino.Data.Samples;
using static TorchSharp.torch;

namespace CellDino.Data.Loading;

/// <summary>
/// Feeds <see cref="CellDinoTrainer"/> from any dataset through the parallel <see cref="DataLoader"/>: iteration
/// <c>i</c> is batch <c>i mod n</c> of epoch <c>i div n</c> (n batches per epoch, the last partial batch dropped), each
/// epoch shuffled by the seed, so a resumed run reads exactly the batches an uninterrupted run would. Images are
/// centre-cropped to one size so that they can share a batch; the trainer's multi-crop does the rest on the device.
/// </summary>
public sealed class LoaderImageSource : ITrainingImageSource, IDisposable
{
    private readonly DataLoader _loader;
    private IEnumerator<Batch>? _epoch;
    private long _nextIteration = -1;

    /// <summary>Creates the source. <paramref name="cropSize"/> defaults to the first image's shorter side.</summary>
    public LoaderImageSource(IMicroscopyDataset dataset, int batchSize, int seed, int? cropSize = null, int? workers = null)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        if (dataset.Count < batchSize)
            throw new ArgumentException($"The dataset has {dataset.Count} images, fewer than one batch of {batchSize}.");
        var first = dataset.Get(0).Image;
        int size = cropSize ?? Math.Min(first.Height, first.Width);
        Channels = first.Channels;
        SourceMax = first.SourceMax;
        _loader = new DataLoader(dataset, new LoaderOptions
        {
            BatchSize = batchSize,
            Shuffle = true,
            Seed = seed,
            DropLast = true,
            WorkerCount = workers ?? Core.ThreadingPolicy.Workers,
            Transform = new CenterCropTransform(size, size),
        });
        BatchSize = batchSize;
    }

    /// <inheritdoc />
    public int BatchSize { get; }

    /// <inheritdoc />
    public int Channels { get; }

    /// <inheritdoc />
    public double SourceMax { get; }

    /// <summary>Batches per epoch.</summary>
    public int BatchesPerEpoch => _loader.BatchesPerEpoch;

    /// <inheritdoc />
    public Tensor GetBatch(long iteration, CancellationToken cancellationToken)
    {
        int epoch = (int)(iteration / BatchesPerEpoch), index = (int)(iteration % BatchesPerEpoch);
        if (_epoch is null || iteration != _nextIteration || index == 0)
        {
            _epoch?.Dispose();
            _epoch = _loader.Epoch(epoch, cancellationToken, index).GetEnumerator();
        }
        if (!_epoch.MoveNext()) throw new InvalidOperationException($"The loader ended before batch {index} of epoch {epoch}.");
        _nextIteration = iteration + 1;
        var batch = _epoch.Current;
        return batch.Images; // the caller owns and disposes the images
    }

    /// <summary>Stops the loader's workers.</summary>
    public void Dispose()
    {
        _epoch?.Dispose();
        _epoch = null;
    }
}
