using System.Threading.Channels;
using CellDino.Core;
using CellDino.Data.Samples;
using TorchSharp;

namespace CellDino.Data.Loading;

/// <summary>
/// Batches an <see cref="IMicroscopyDataset"/> for training and inference. Workers decode and
/// transform whole batches in parallel; batches reach the consumer in schedule order, so the output
/// for a given seed and epoch is identical whatever <see cref="LoaderOptions.WorkerCount"/> is.
/// At most <see cref="LoaderOptions.QueueCapacity"/> batches are in flight (back-pressure).
/// </summary>
public sealed class DataLoader
{
    private readonly IMicroscopyDataset _dataset;
    private readonly FloatArrayPool _pool;
    private readonly Lazy<bool> _pin;

    /// <summary>Creates a loader; throws <see cref="ArgumentException"/> for invalid options.</summary>
    public DataLoader(IMicroscopyDataset dataset, LoaderOptions options)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _dataset = dataset;
        Options = options;
        _pool = new FloatArrayPool(options.QueueCapacity + 1);
        _pin = new Lazy<bool>(() => options.PinMemory && Devices.CudaAvailable);
    }

    /// <summary>The options.</summary>
    public LoaderOptions Options { get; }

    /// <summary>The dataset.</summary>
    public IMicroscopyDataset Dataset => _dataset;

    /// <summary>Batches per epoch (the last partial batch counts unless <see cref="LoaderOptions.DropLast"/>).</summary>
    public int BatchesPerEpoch => Options.DropLast
        ? _dataset.Count / Options.BatchSize
        : (_dataset.Count + Options.BatchSize - 1) / Options.BatchSize;

    /// <summary>The dataset indices of each batch of <paramref name="epoch"/>, without decoding anything.</summary>
    public IReadOnlyList<int[]> Schedule(int epoch)
    {
        var order = EpochOrder.Permutation(_dataset.Count, Options.Seed, epoch, Options.Shuffle);
        var batches = new int[BatchesPerEpoch][];
        for (int b = 0; b < batches.Length; b++)
        {
            int start = b * Options.BatchSize;
            batches[b] = order.AsSpan(start, Math.Min(Options.BatchSize, order.Length - start)).ToArray();
        }
        return batches;
    }

    /// <summary>
    /// Streams the batches of <paramref name="epoch"/>, starting at batch <paramref name="startBatch"/>
    /// (to resume mid-epoch: the result equals skipping that many batches). Breaking out of the loop or
    /// cancelling stops the workers; a failing sample raises <see cref="DataLoaderException"/>.
    /// </summary>
    public IEnumerable<Batch> Epoch(int epoch, CancellationToken cancellationToken = default, int startBatch = 0)
    {
        var schedule = Schedule(epoch);
        if (startBatch < 0 || startBatch > schedule.Count)
            throw new ArgumentOutOfRangeException(nameof(startBatch), $"Start batch must be in 0..{schedule.Count}, got {startBatch}.");
        return Run(epoch, schedule, startBatch, cancellationToken);
    }

    private IEnumerable<Batch> Run(int epoch, IReadOnlyList<int[]> schedule, int startBatch, CancellationToken cancellationToken)
    {
        int end = schedule.Count;
        if (startBatch >= end) yield break;
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var gate = new SemaphoreSlim(Options.QueueCapacity, Options.QueueCapacity);
        var channel = Channel.CreateBounded<PendingBatch>(new BoundedChannelOptions(Options.QueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        int next = startBatch;
        int workerCount = Math.Min(Options.WorkerCount, end - startBatch);
        var workers = new Task[workerCount];
        for (int w = 0; w < workerCount; w++)
            workers[w] = Task.Run(() => WorkerAsync(epoch, schedule, end, () => Interlocked.Increment(ref next) - 1, gate, channel.Writer, cts.Token));
        _ = Task.WhenAll(workers).ContinueWith(_ => channel.Writer.TryComplete(), TaskScheduler.Default);

        var pending = new Dictionary<int, PendingBatch>();
        try
        {
            for (int b = startBatch; b < end; b++)
            {
                // Checked every batch: a ready batch must not slip out after cancellation.
                cts.Token.ThrowIfCancellationRequested();
                PendingBatch? item;
                while (!pending.Remove(b, out item))
                {
                    var read = channel.Reader.ReadAsync(cts.Token).AsTask().GetAwaiter().GetResult();
                    pending[read.BatchIndex] = read;
                }
                gate.Release();
                if (item.Error is not null) throw item.Error;
                yield return Collate(epoch, item);
            }
        }
        finally
        {
            cts.Cancel();
            try { Task.WaitAll(workers); }
            catch (AggregateException) { }
            while (channel.Reader.TryRead(out var left)) pending[left.BatchIndex] = left;
            foreach (var p in pending.Values)
                if (p.Pixels is not null) _pool.Return(p.Pixels);
        }
    }

    private async Task WorkerAsync(int epoch, IReadOnlyList<int[]> schedule, int end, Func<int> claim,
        SemaphoreSlim gate, ChannelWriter<PendingBatch> writer, CancellationToken ct)
    {
        try
        {
            while (true)
            {
                await gate.WaitAsync(ct).ConfigureAwait(false);
                int b = claim();
                if (b >= end) return;
                var result = Build(epoch, b, schedule[b], ct);
                await writer.WriteAsync(result, ct).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Stopped by the consumer (finished early, cancelled, or failed): nothing to report.
        }
    }

    private PendingBatch Build(int epoch, int batchIndex, int[] indices, CancellationToken ct)
    {
        float[]? pixels = null;
        long[]? shape = null;
        string? first = null;
        var metadata = new SampleMetadata[indices.Length];
        for (int i = 0; i < indices.Length; i++)
        {
            ct.ThrowIfCancellationRequested();
            int index = indices[i];
            try
            {
                var sample = _dataset.Get(index);
                if (Options.Transform is { } t)
                    sample = t.Apply(sample, new TransformContext(epoch, index, EpochOrder.TransformSeed(Options.Seed, epoch, index)));
                var img = sample.Image;
                if (shape is null)
                {
                    shape = new long[] { indices.Length, img.Channels, img.Height, img.Width };
                    pixels = _pool.Rent(checked(indices.Length * img.Pixels.Length));
                    first = sample.Metadata.Id;
                }
                else if (img.Channels != shape[1] || img.Height != shape[2] || img.Width != shape[3])
                {
                    throw new ArgumentException(
                        $"Sample {sample.Metadata.Id} is {img.Channels}x{img.Height}x{img.Width} but sample {first} of its batch is {shape[1]}x{shape[2]}x{shape[3]}: " +
                        "images of different sizes cannot share a batch; crop or resize them to one size " +
                        "(CenterCropTransform / ResizeTransform; EmbedderOptions.CenterCrop / Resize; celldino embed --crop / --resize).");
                }
                img.Pixels.AsSpan().CopyTo(pixels.AsSpan(i * img.Pixels.Length));
                metadata[i] = sample.Metadata;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                if (pixels is not null) _pool.Return(pixels);
                return new PendingBatch(batchIndex, null, null, null, indices, new DataLoaderException(index, epoch, batchIndex, ex));
            }
        }
        return new PendingBatch(batchIndex, pixels, shape, metadata, indices, null);
    }

    private Batch Collate(int epoch, PendingBatch item)
    {
        // One tensor per batch; torch.tensor copies the buffer, so it can go straight back to the pool.
        var images = torch.tensor(item.Pixels!, item.Shape!, torch.float32);
        _pool.Return(item.Pixels!);
        if (_pin.Value)
        {
            var pinned = images.pin_memory();
            images.Dispose();
            images = pinned;
        }
        return new Batch(images, item.Metadata!, item.Indices, epoch, item.BatchIndex);
    }
}
