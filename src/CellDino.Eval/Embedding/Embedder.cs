using System.Diagnostics;
using System.Runtime.ExceptionServices;
using CellDino.Core;
using CellDino.Core.Models;
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
    }

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
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        int p = _model.Config.PatchSize;
        var prepared = ImagePreprocessor.Prepare(image, Options, p);
        var x = tensor(prepared.Pixels, [1, prepared.Channels, prepared.Height, prepared.Width]).to(Device);
        using var f = _model.ForwardFeatures(x);
        var tokens = f.PatchTokens[0].to(ScalarType.Float32).cpu().contiguous();
        var result = new float[tokens.shape[0], tokens.shape[1]];
        tokens.data<float>().CopyTo(System.Runtime.InteropServices.MemoryMarshal.CreateSpan(ref result[0, 0], result.Length));
        return new PatchGrid(result, prepared.Height / p, prepared.Width / p);
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
        int patch = _model.Config.PatchSize;
        long total = end - start;
        // Decode the next batch while the network runs on the current one.
        Task<(float[] Pixels, int C, int H, int W, SampleMetadata[] Meta)>? next = null;
        for (int b = start; b < end; b += Options.BatchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int count = Math.Min(Options.BatchSize, end - b);
            var current = next ?? DecodeBatchAsync(dataset, b, count, patch, cancellationToken);
            int nb = b + Options.BatchSize;
            next = nb < end ? DecodeBatchAsync(dataset, nb, Math.Min(Options.BatchSize, end - nb), patch, cancellationToken) : null;
            var (pixels, c, h, w, meta) = current.GetAwaiter().GetResult();
            float[] result;
            using (NoGcRegion.Begin())
            using (var images = tensor(pixels, [count, c, h, w]))
            using (var emb = Embed(images))
            {
                result = emb.data<float>().ToArray();
            }
            long done = b + count - start;
            progress?.Report(new EmbeddingProgress(done, total, done / Math.Max(clock.Elapsed.TotalSeconds, 1e-9)));
            yield return (b, result, meta);
        }
        _logger.LogInformation("Embedded {Count} images in {Seconds:F1} s", total, clock.Elapsed.TotalSeconds);
    }

    private Task<(float[] Pixels, int C, int H, int W, SampleMetadata[] Meta)> DecodeBatchAsync(
        IMicroscopyDataset dataset, int first, int count, int patch, CancellationToken cancellationToken) =>
        Task.Run(() =>
        {
            var prepared = new PreparedImage[count];
            var meta = new SampleMetadata[count];
            var failures = new Exception?[count];
            Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = Options.DecodeThreads, CancellationToken = cancellationToken }, i =>
            {
                try
                {
                    var sample = dataset.Get(first + i);
                    prepared[i] = ImagePreprocessor.Prepare(sample.Image, Options, patch);
                    meta[i] = sample.Metadata;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    failures[i] = e;
                }
            });
            // The failure of the first bad sample in dataset order, as itself (not an AggregateException of whichever
            // decoders failed), so a batch with two bad images reports the same one every run.
            if (Array.Find(failures, e => e is not null) is { } failure) ExceptionDispatchInfo.Capture(failure).Throw();
            var (c, h, w) = (prepared[0].Channels, prepared[0].Height, prepared[0].Width);
            for (int i = 1; i < count; i++)
            {
                if (prepared[i].Channels != c || prepared[i].Height != h || prepared[i].Width != w)
                    throw new ArgumentException(
                        $"Sample {meta[i].Id} is {prepared[i].Channels}x{prepared[i].Height}x{prepared[i].Width} after preprocessing but sample {meta[0].Id} is {c}x{h}x{w}: " +
                        "images of different sizes cannot share a batch; choose a centre crop or a resize " +
                        "(EmbedderOptions.CenterCrop / Resize; celldino embed --crop / --resize).", nameof(dataset));
            }
            // Checked: a raised pixel budget (--max-image-samples) must fail here, not wrap around into a wrong slice.
            int plane = checked(c * h * w);
            var pixels = new float[checked((long)count * plane)];
            for (int i = 0; i < count; i++) prepared[i].Pixels.CopyTo(pixels.AsSpan(checked(i * plane), plane));
            return (pixels, c, h, w, meta);
        }, cancellationToken);
}
