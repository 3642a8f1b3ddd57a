using CellDino.Data;
using TorchSharp;

namespace CellDino.Eval.Embedding;

/// <summary>How <see cref="Embedder"/> turns images into embeddings.</summary>
public sealed record EmbedderOptions
{
    /// <summary>Which tokens form the embedding.</summary>
    public EmbeddingKind Kind { get; init; } = EmbeddingKind.ClsToken;

    /// <summary>The names of the <see cref="EmbeddingKind"/> values (<c>celldino embed --features</c>): cls, cls-mean, linear.</summary>
    public static EnumNames<EmbeddingKind> KindNames { get; } = new(
        ("cls", EmbeddingKind.ClsToken), ("cls-mean", EmbeddingKind.ClsAndMeanPatch), ("linear", EmbeddingKind.LastBlocks));

    /// <summary>Number of blocks for <see cref="EmbeddingKind.LastBlocks"/> (DINOv2 linear eval: 4).</summary>
    public int LastBlocks { get; init; } = 4;

    /// <summary>Images per forward pass.</summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>
    /// Side of the centre crop fed to the network (Cell-DINO evaluates fields of view at 384); null keeps the whole
    /// image, trimmed to a multiple of the patch size. Smaller images are zero-padded around the centre.
    /// </summary>
    public int? CenterCrop { get; init; }

    /// <summary>
    /// Resize every image before the centre crop so its shorter side is this many pixels, as Cell-DINO's evaluation transform
    /// does (torchvision <c>Resize(size)</c>: bicubic, antialiased, aspect ratio kept; <see cref="Data.Loading.ResizeTransform"/>);
    /// null for no resize. Combine with <see cref="CenterCrop"/> to batch images of mixed sizes.
    /// </summary>
    public int? Resize { get; init; }

    /// <summary>
    /// Intensity normalization applied per channel after cropping: Cell-DINO's evaluation default is
    /// <see cref="Data.Normalization.SelfNormalize"/> (scale to [0, 1], then per-image per-channel standardization);
    /// <see cref="Data.Normalization.FixedScale"/>, <see cref="Data.Normalization.PercentileClip"/> and
    /// <see cref="Data.Normalization.DatasetMeanStd"/> are the alternatives.
    /// </summary>
    public Data.Normalization.IntensityNormalization Normalization { get; init; } = Data.Normalization.IntensityNormalization.CellDinoDefault;

    /// <summary>Device to run on; null picks CUDA when available.</summary>
    public torch.Device? Device { get; init; }

    /// <summary>Threads that decode images in parallel (default: <see cref="Core.ThreadingPolicy.Workers"/>, so decoding and libtorch do not oversubscribe the cores).</summary>
    public int DecodeThreads { get; init; } = Core.ThreadingPolicy.Workers;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first bad setting.</summary>
    public void Validate()
    {
        if (BatchSize < 1) throw new ArgumentException($"EmbedderOptions.BatchSize must be at least 1, got {BatchSize}.");
        if (LastBlocks < 1) throw new ArgumentException($"EmbedderOptions.LastBlocks must be at least 1, got {LastBlocks}.");
        if (CenterCrop is < 1) throw new ArgumentException($"EmbedderOptions.CenterCrop must be positive, got {CenterCrop}.");
        if (Resize is < 1) throw new ArgumentException($"EmbedderOptions.Resize must be positive, got {Resize}.");
        if (DecodeThreads < 1) throw new ArgumentException($"EmbedderOptions.DecodeThreads must be at least 1, got {DecodeThreads}.");
    }
}
