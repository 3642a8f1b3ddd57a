using TorchSharp;
using static TorchSharp.torch;

namespace CellDino.Core.Augmentation;

/// <summary>
/// Cell-DINO multi-crop augmentation, batched on the device of the images: every crop of a batch is drawn
/// independently (own box, flips, channel drop, protein rescale, brightness and contrast factors), the boxes of
/// one crop group are resampled by a single <c>grid_sample</c>, and the intensity steps are tensor ops over the
/// whole group. Random parameters come from a CPU <see cref="Generator"/>, so a seed fixes the output.
/// </summary>
/// <remarks>
/// Channel drop and protein rescale multiply whole channels, and bilinear resampling is linear per channel, so
/// they are applied as per-crop channel factors after resampling; the protein factor still uses the maximum of the
/// whole (uncropped, channel-dropped) image, as the reference computes it before cropping.
/// </remarks>
public sealed class MultiCropAugmentation
{
    /// <summary>
    /// The augmentation of a training configuration's <c>crops</c> section, as DINOv2 builds
    /// <c>DataAugmentationDINO(cfg.crops.global_crops_scale, cfg.crops.local_crops_scale, ...)</c>.
    /// </summary>
    /// <param name="crops">The crops section (sizes, scales, number of local crops, channel drop, protein channel, jitter).</param>
    /// <param name="inputDivisor">The source maximum images are divided by first (255 for 8-bit data, 65535 for 16-bit).</param>
    public MultiCropAugmentation(Training.Config.CropsConfig crops, double inputDivisor)
        : this(MultiCropConfig.From(crops, inputDivisor))
    {
    }

    /// <summary>Every parameter of the pipeline, including the fixed ones of the reference (flips, aspect ratio, jitter floor).</summary>
    internal MultiCropAugmentation(MultiCropConfig config)
    {
        Config = config;
    }

    /// <summary>The source maximum images are divided by first.</summary>
    public double InputDivisor => Config.InputDivisor;

    internal MultiCropConfig Config { get; }

    /// <summary>
    /// Crops a batch. Global-crop parameters are drawn first, then local ones, each group crop-major.
    /// </summary>
    /// <param name="images">Decoded images <c>[B, C, H, W]</c>, floating point, in source units (0–255 for 8-bit); any device.</param>
    /// <param name="generator">CPU generator all random parameters are drawn from.</param>
    /// <returns>Float32 crops on the images' device, ordered as DINOv2's collate (crop-major).</returns>
    /// <exception cref="ArgumentException">The images are not a 4-D floating tensor, or the config does not fit their channels.</exception>
    public MultiCropBatch Apply(Tensor images, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(generator);
        if (images.dim() != 4)
            throw new ArgumentException($"MultiCropAugmentation expects images [B, C, H, W], got shape [{string.Join(", ", images.shape)}].", nameof(images));
        if (!images.is_floating_point())
            throw new ArgumentException($"MultiCropAugmentation expects floating-point images, got {images.dtype}.", nameof(images));
        if (images.shape[2] <= 0 || images.shape[3] <= 0)
            throw new ArgumentException($"MultiCropAugmentation got empty images of size {images.shape[2]}×{images.shape[3]}.", nameof(images));
        Config.Validate(images.shape[1]);

        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var x = images.to(ScalarType.Float32);
        // Whole-image channel maxima (after Div255) for the protein rescale, which happens before cropping.
        var channelMax = x.amax(new long[] { 2, 3 }) / Config.InputDivisor;
        var global = CropGroup(x, channelMax, Config.GlobalCropsNumber, Config.GlobalCropsSize, Config.GlobalCropsScale, generator);
        var local = CropGroup(x, channelMax, Config.LocalCropsNumber, Config.LocalCropsSize, Config.LocalCropsScale, generator);
        return new MultiCropBatch(global.MoveToOuterDisposeScope(), local.MoveToOuterDisposeScope(), images.shape[0]);
    }

    /// <summary>One crop group: <paramref name="nCrops"/> crops of side <paramref name="size"/> per image, crop-major.</summary>
    private Tensor CropGroup(Tensor x, Tensor channelMax, int nCrops, int size, (double Min, double Max) scale, Generator generator)
    {
        long bsz = x.shape[0], c = x.shape[1], h = x.shape[2], w = x.shape[3];
        long n = nCrops * bsz;
        if (n == 0) return zeros(new[] { 0, c, size, size }, ScalarType.Float32, x.device);

        var boxes = ResizedCropSampler.SampleBoxes(n, h, w, scale, Config.CropAspectRatio, Config.CropAttempts, generator);
        var flips = rand(new[] { n, 2 }, dtype: ScalarType.Float64, generator: generator);
        var flipH = flips[.., 0].lt(Config.HorizontalFlipProbability);
        var flipV = flips[.., 1].lt(Config.VerticalFlipProbability);
        var channelScale = ChannelScales(Config, channelMax.repeat(nCrops, 1), generator);
        var brightness = CropIntensity.JitterFactors(n, c, Config.BrightnessStd, Config.JitterFactorFloor, generator);
        var contrast = CropIntensity.JitterFactors(n, c, Config.ContrastStd, Config.JitterFactorFloor, generator);

        var grid = ResizedCropSampler.BuildGrid(boxes, flipH, flipV, size, h, w, x.device);
        var crops = ResizedCropSampler.Sample(x, grid, nCrops);
        crops = crops * channelScale.unsqueeze(-1).unsqueeze(-1);
        crops = CropIntensity.Brightness(crops, brightness, Config.ClampJitterToUnitRange);
        crops = CropIntensity.Contrast(crops, contrast, Config.ClampJitterToUnitRange);
        if (Config.Standardize) crops = CropIntensity.Standardize(crops, Config.StandardizeEpsilon);
        return crops;
    }

    /// <summary>
    /// Per-crop channel multipliers [N, C] (float32, on <paramref name="cropChannelMax"/>'s device) combining Div255,
    /// the channel drop and the protein rescale.
    /// </summary>
    /// <param name="config">Pipeline parameters.</param>
    /// <param name="cropChannelMax">[N, C] maxima of each crop's source image per channel, already divided by the input divisor.</param>
    /// <param name="generator">CPU generator (4·N uniforms are drawn).</param>
    internal static Tensor ChannelScales(MultiCropConfig config, Tensor cropChannelMax, Generator generator)
    {
        using var scope = NewDisposeScope();
        long n = cropChannelMax.shape[0], c = cropChannelMax.shape[1];
        var device = cropChannelMax.device;
        var u = rand(new[] { n, 4 }, dtype: ScalarType.Float64, generator: generator);

        var keep = ones(n, c, ScalarType.Float32);
        int[] candidates = config.DropCandidates((int)c);
        if (candidates.Length > 0)
        {
            var drop = u[.., 0].lt(config.ChannelDropProbability);
            var pick = (u[.., 1] * candidates.Length).floor().to(ScalarType.Int64).clamp_max(candidates.Length - 1);
            var channel = tensor(candidates.Select(v => (long)v).ToArray())[pick];
            var dropped = nn.functional.one_hot(channel, c).to(ScalarType.Bool).logical_and(drop.unsqueeze(1));
            keep = keep.masked_fill(dropped, 0);
        }
        keep = keep.to(device);
        var scaleOut = keep / config.InputDivisor;

        if (config.ProteinChannel is { } p && c > 1)
        {
            // max(x) of the whole image after the drop: a dropped channel contributes zeros.
            var imageMax = (cropChannelMax.to(ScalarType.Float32) * keep).amax(1);
            var nonZero = imageMax.ne(0);
            var apply = u[.., 2].lt(config.ProteinRescaleProbability).to(device).logical_and(nonZero);
            var (lo, hi) = config.ProteinRescaleRange;
            var numerator = (u[.., 3] * (hi - lo) + lo).to(ScalarType.Float32).to(device);
            var factor = where(apply, numerator / imageMax.masked_fill(nonZero.logical_not(), 1), ones_like(numerator));
            var isProtein = nn.functional.one_hot(tensor(new long[] { p }), c).to(ScalarType.Bool).to(device);
            scaleOut = where(isProtein, scaleOut * factor.unsqueeze(1), scaleOut);
        }
        return scaleOut.MoveToOuterDisposeScope();
    }
}
