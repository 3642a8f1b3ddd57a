using System.Diagnostics;
using System.Runtime.ExceptionServices;
using CellDino.Core;
using CellDino.Core.Models;
using CellDino.Data.Loading;
using CellDino.Data.Samples;
using CellDino.Eval.Visualization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TorchSharp;
using static TorchSharp.torch;

namespace CellDino.Eval.Embedding;

/// <summary>
/// Batched, no-grad embedding extraction with a <see cref="VisionTransformer"/>: decodes images in parallel,
/// normalizes them as Cell-DINO does at evaluation, and returns class-token or linear-eval features at any input
/// size (the position embedding is interpolated).
/// </summary>
public sealed class Embedder
{
    private readonly VisionTransformer _model;
    private readonly ILogger _logger;

    /// <summary>Creates an embedder over <paramref name="model"/>, which is moved to the options' device and put in eval mode.</summary>
    public Embedder(VisionTransformer model, EmbedderOptions? options = null, ILogger<Embedder>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        Options = options ?? new EmbedderOptions();
        Options.Validate();
        if (Options.Kind == EmbeddingKind.LastBlocks && Options.LastBlocks > model.Depth)
            throw new ArgumentException($"EmbedderOptions.LastBlocks = {Options.LastBlocks} exceeds the model depth {model.Depth}.");
        TorchRuntime.EnsureLoaded();
        Device = Options.Device ?? Devices.Default();
        _model = model;
        _model.to(Device);
        _model.eval();
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        int p = model.Config.PatchSize;
        if (Options.CenterCrop is int crop && crop % p != 0)
            throw new ArgumentException($"EmbedderOptions.CenterCrop {crop} is not a multiple of the patch size {p}.");
        // Cell-DINO's evaluation transform: resize (torchvision), centre crop (torchvision's placement, the training loader's
        // rule), per-channel normalization of the cropped image. One pipeline for every way in: datasets, single images.
        var steps = new List<ISampleTransform>();
        if (Options.Resize is int r) steps.Add(new ResizeTransform(r));
        steps.Add(Options.CenterCrop is int c ? new CenterCropTransform(c, c) : CenterCropTransform.ToMultipleOf(p));
        steps.Add(new NormalizeTransform(Options.Normalization));
        Preprocessing = new ComposedTransform([.. steps]);
    }

    /// <summary>What every image goes through before the network: optional resize, centre crop, normalization.</summary>
    public ISampleTransform Preprocessing { get; }

    /// <summary>The options in force.</summary>
    public EmbedderOptions Options { get; }

    /// <summary>The backbone the embedder runs.</summary>
    internal VisionTransformer Model => _model;

    /// <summary>Where the network runs.</summary>
    public Device Device { get; }

    /// <summary>Width of one embedding for the chosen <see cref="EmbeddingKind"/>.</summary>
    public int Dim => Options.Kind switch
    {
        EmbeddingKind.ClsToken => _model.EmbedDim,
        EmbeddingKind.ClsAndMeanPatch => 2 * _model.EmbedDim,
        _ => (Options.LastBlocks + 1) * _model.EmbedDim,
    };

    /// <summary>
    /// Embeds a batch of already normalized images <c>[B, C, H, W]</c> (H, W multiples of the patch size).
    /// Returns <c>[B, Dim]</c> float32 on the CPU.
    /// </summary>
    public Tensor Embed(Tensor images)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var x = images.to(ScalarType.Float32, Device);
        Tensor features;
        switch (Options.Kind)
        {
            case EmbeddingKind.ClsToken:
                features = _model.forward(x);
                break;
            case EmbeddingKind.ClsAndMeanPatch:
            {
                using var f = _model.ForwardFeatures(x);
                features = cat([f.ClsToken, f.PatchTokens.mean([1])], 1);
                break;
            }
            default:
            {
                var layers = _model.GetIntermediateLayers(x, Options.LastBlocks, norm: true, returnClassToken: true);
                var parts = layers.Select(l => l.ClsToken!).ToList();
                parts.Add(layers[^1].PatchTokens.mean([1]));
                features = cat(parts, 1);
                foreach (var l in layers) l.Dispose();
                break;
            }
        }
        return scope.MoveToOuter(features.to(CPU).contiguous());
    }

    /// <summary>
    /// The final-normed patch tokens of one image on its patch grid, after the same crop and normalization as
    /// <see cref="EmbedDataset"/> (for patch-feature maps and patch matching).
    /// </summary>
    public PatchGrid EmbedPatchTokens(MicroscopyImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var prepared = Preprocessing.Apply(new Sample(image, new SampleMetadata { Id = "image" }), default).Image;
        using var x = tensor(prepared.Pixels, [1, prepared.Channels, prepared.Height, prepared.Width]);
        return PatchGrids(x)[0];
    }

    /// <summary>
    /// The patch tokens of every sample of <paramref name="dataset"/>, streamed in dataset order through the data loader
    /// (the same preprocessing and batching as <see cref="EmbedDataset"/>), one grid per sample.
    /// </summary>
    public IEnumerable<(SampleMetadata Metadata, PatchGrid Tokens)> EmbedPatchTokens(IMicroscopyDataset dataset, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        foreach (var batch in Batches(dataset, 0, dataset.Count, cancellationToken))
        {
            PatchGrid[] grids;
            using (batch) grids = PatchGrids(batch.Images);
            for (int i = 0; i < grids.Length; i++) yield return (batch.Metadata[i], grids[i]);
        }
    }

    private PatchGrid[] PatchGrids(Tensor images)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        using var gc = NoGcRegion.Begin();
        int p = _model.Config.PatchSize;
        int rows = (int)images.shape[2] / p, cols = (int)images.shape[3] / p;
        using var f = _model.ForwardFeatures(images.to(ScalarType.Float32, Device));
        var tokens = f.PatchTokens.to(ScalarType.Float32).cpu().contiguous();
        var all = tokens.data<float>().ToArray();
        int n = (int)tokens.shape[1], d = (int)tokens.shape[2];
        var grids = new PatchGrid[images.shape[0]];
        for (int i = 0; i < grids.Length; i++)
        {
            var grid = new float[n, d];
            Buffer.BlockCopy(all, checked(i * n * d * sizeof(float)), grid, 0, checked(n * d * sizeof(float)));
            grids[i] = new PatchGrid(grid, rows, cols);
        }
        return grids;
    }

    /// <summary>
    /// Embeds every sample of <paramref name="dataset"/> in memory (N·Dim floats: fine for evaluation sets; use
    /// <see cref="EmbeddingShardWriter"/> for millions of images).
    /// </summary>
    public EmbeddingSet EmbedDataset(IMicroscopyDataset dataset, IProgress<EmbeddingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var features = new float[(long)dataset.Count * Dim];
        var metadata = new SampleMetadata[dataset.Count];
        foreach (var (start, batch, meta) in EmbedRange(dataset, 0, dataset.Count, progress, cancellationToken))
        {
            batch.CopyTo(features.AsSpan(start * Dim));
            meta.CopyTo(metadata, start);
        }
        return new EmbeddingSet(features, Dim, metadata);
    }

    /// <summary>Embeds samples <c>[start, end)</c> batch by batch: (first index, features row-major, metadata).</summary>
    internal IEnumerable<(int Start, float[] Features, SampleMetadata[] Metadata)> EmbedRange(
        IMicroscopyDataset dataset, int start, int end, IProgress<EmbeddingProgress>? progress, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        long total = end - start;
        int at = start;
        foreach (var batch in Batches(dataset, start, end, cancellationToken))
        {
            float[] result;
            int count = batch.Metadata.Count;
            using (batch)
            using (NoGcRegion.Begin())
            using (var emb = Embed(batch.Images))
                result = emb.data<float>().ToArray();
            long done = at + count - start;
            progress?.Report(new EmbeddingProgress(done, total, done / Math.Max(clock.Elapsed.TotalSeconds, 1e-9)));
            yield return (at, result, batch.Metadata.ToArray());
            at += count;
        }
        _logger.LogInformation("Embedded {Count} images in {Seconds:F1} s", total, clock.Elapsed.TotalSeconds);
    }

    /// <summary>
    /// Samples <c>[start, end)</c> in order, decoded and preprocessed by the data loader's workers (bounded queue, ordered
    /// output); a sample that fails to decode surfaces as its own error (the first in dataset order), not wrapped.
    /// </summary>
    private IEnumerable<Batch> Batches(IMicroscopyDataset dataset, int start, int end, CancellationToken cancellationToken)
    {
        if (end <= start) yield break;
        var source = start == 0 && end == dataset.Count ? dataset : DatasetSubset.Range(dataset, start, end - start);
        var loader = new DataLoader(source, new LoaderOptions
        {
            BatchSize = Options.BatchSize, Shuffle = false, WorkerCount = Options.DecodeThreads, Transform = Preprocessing,
            QueueCapacity = Math.Max(2, Options.DecodeThreads),
        });
        using var batches = loader.Epoch(0, cancellationToken).GetEnumerator();
        while (true)
        {
            try
            {
                if (!batches.MoveNext()) yield break;
            }
            catch (DataLoaderException e) when (e.InnerException is { } inner)
            {
                ExceptionDispatchInfo.Capture(inner).Throw();
                throw;
            }
            yield return batches.Current;
        }
    }
}
