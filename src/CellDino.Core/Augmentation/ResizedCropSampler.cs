using TorchSharp;
using static TorchSharp.torch;

namespace CellDino.Core.Augmentation;

/// <summary>
/// Batched torchvision <c>RandomResizedCrop</c>: box sampling with the 10-attempt / centre-crop fallback rule, and
/// the bilinear (align-corners false, no antialias) resampling of every box of a batch in one <c>grid_sample</c>.
/// </summary>
internal static class ResizedCropSampler
{
    /// <summary>
    /// Draws <paramref name="count"/> crop boxes in an <paramref name="imageH"/>×<paramref name="imageW"/> image.
    /// Returns <c>[count, 4]</c> float64 on the CPU: top, left, height, width (whole pixels).
    /// </summary>
    /// <remarks>
    /// Per box, torchvision tries up to <paramref name="attempts"/> (area fraction, log-aspect) draws and keeps the
    /// first whose rounded size fits; here all attempts are drawn at once and the first fitting one is selected,
    /// which gives the same distribution. The offset is drawn uniformly among the positions that fit.
    /// </remarks>
    internal static Tensor SampleBoxes(long count, long imageH, long imageW, (double Min, double Max) scale,
        (double Min, double Max) ratio, int attempts, Generator generator)
    {
        using var scope = NewDisposeScope();
        double area = (double)imageH * imageW;
        var (fbH, fbW) = FallbackSize(imageH, imageW, ratio);

        Tensor h, w, found;
        if (attempts > 0)
        {
            var u = rand(new[] { count, attempts }, dtype: ScalarType.Float64, generator: generator);
            var v = rand(new[] { count, attempts }, dtype: ScalarType.Float64, generator: generator);
            var target = (u * (scale.Max - scale.Min) + scale.Min) * area;
            double lr0 = Math.Log(ratio.Min), lr1 = Math.Log(ratio.Max);
            var aspect = (v * (lr1 - lr0) + lr0).exp();
            // Python's round and torch.round both round half to even.
            var wAll = (target * aspect).sqrt().round();
            var hAll = (target / aspect).sqrt().round();
            var fits = wAll.gt(0).logical_and(wAll.le(imageW)).logical_and(hAll.gt(0)).logical_and(hAll.le(imageH));
            // argmax returns the first maximal index: the first attempt that fits.
            var first = fits.to(ScalarType.Int32).argmax(1, keepdim: true);
            found = fits.any(1);
            h = hAll.gather(1, first).squeeze(1).masked_fill(found.logical_not(), fbH);
            w = wAll.gather(1, first).squeeze(1).masked_fill(found.logical_not(), fbW);
        }
        else
        {
            found = zeros(count, ScalarType.Bool);
            h = full(count, (double)fbH, ScalarType.Float64);
            w = full(count, (double)fbW, ScalarType.Float64);
        }

        var pos = rand(new[] { count, 2 }, dtype: ScalarType.Float64, generator: generator);
        var top = minimum((pos[.., 0] * (imageH - h + 1)).floor(), imageH - h);
        var left = minimum((pos[.., 1] * (imageW - w + 1)).floor(), imageW - w);
        top = top.masked_fill(found.logical_not(), (imageH - fbH) / 2);
        left = left.masked_fill(found.logical_not(), (imageW - fbW) / 2);
        return stack(new[] { top, left, h, w }, 1).MoveToOuterDisposeScope();
    }

    /// <summary>torchvision's centre-crop fallback size: the largest box of the nearest allowed aspect ratio.</summary>
    internal static (long H, long W) FallbackSize(long imageH, long imageW, (double Min, double Max) ratio)
    {
        double inRatio = (double)imageW / imageH;
        if (inRatio < ratio.Min) return ((long)Math.Round(imageW / ratio.Min, MidpointRounding.ToEven), imageW);
        if (inRatio > ratio.Max) return (imageH, (long)Math.Round(imageH * ratio.Max, MidpointRounding.ToEven));
        return (imageH, imageW);
    }

    /// <summary>
    /// Sampling grid <c>[N, S, S, 2]</c> (x, y normalized, align-corners false) that resizes each box to S×S exactly as
    /// <c>interpolate(crop, S, bilinear, align_corners=False)</c>, with the flips folded in.
    /// </summary>
    /// <param name="boxes">[N, 4] top, left, height, width (any device; the grid is built on <paramref name="device"/>).</param>
    /// <param name="flipH">[N] bool: mirror left–right.</param>
    /// <param name="flipV">[N] bool: mirror top–bottom.</param>
    /// <param name="size">Output side S.</param>
    /// <param name="imageH">Height of the sampled image.</param>
    /// <param name="imageW">Width of the sampled image.</param>
    /// <param name="device">Device of the grid.</param>
    internal static Tensor BuildGrid(Tensor boxes, Tensor flipH, Tensor flipV, long size, long imageH, long imageW, Device device)
    {
        using var scope = NewDisposeScope();
        var b = boxes.to(ScalarType.Float64).to(device);
        long n = b.shape[0];
        var sy = SourceCoordinates(b[.., 0..1], b[.., 2..3], size, device);
        var sx = SourceCoordinates(b[.., 1..2], b[.., 3..4], size, device);
        // A flip of the output is the same grid read backwards.
        sy = where(flipV.to(device).unsqueeze(1), sy.flip(1), sy);
        sx = where(flipH.to(device).unsqueeze(1), sx.flip(1), sx);
        // Pixel centre p sits at normalized (2p + 1) / extent − 1 when align_corners is false.
        var gy = (sy + 0.5) * (2.0 / imageH) - 1.0;
        var gx = (sx + 0.5) * (2.0 / imageW) - 1.0;
        var grid = stack(new[] { gx.unsqueeze(1).expand(n, size, size), gy.unsqueeze(2).expand(n, size, size) }, -1);
        return grid.to(ScalarType.Float32).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Image coordinates [N, S] read by bilinear resizing of the span [start, start + extent) to S samples:
    /// <c>(i + ½)·extent/S − ½</c>, clamped into the span as PyTorch's upsampling clamps at the crop's border.
    /// </summary>
    private static Tensor SourceCoordinates(Tensor start, Tensor extent, long size, Device device)
    {
        var i = arange(size, ScalarType.Float64, device).unsqueeze(0);
        var src = ((i + 0.5) * (extent / size) - 0.5).clamp_min(0);
        return minimum(src, extent - 1) + start;
    }

    /// <summary>
    /// Crops <c>[nCrops·B, C, S, S]</c> of <paramref name="images"/> [B, C, H, W] through per-crop grids
    /// <paramref name="grid"/> [nCrops·B, S, S, 2] (row k·B + b belongs to image b), in one <c>grid_sample</c> call.
    /// </summary>
    internal static Tensor Sample(Tensor images, Tensor grid, long nCrops)
    {
        using var scope = NewDisposeScope();
        long bsz = images.shape[0], c = images.shape[1], s = grid.shape[1];
        // Stack each image's crops vertically so the input is never replicated: [B, nCrops·S, S, 2].
        var g = grid.reshape(nCrops, bsz, s, s, 2).permute(1, 0, 2, 3, 4).reshape(bsz, nCrops * s, s, 2);
        // Border padding: a coordinate on the last pixel may round a hair past it; zeros would leak in.
        var o = nn.functional.grid_sample(images, g, GridSampleMode.Bilinear, GridSamplePaddingMode.Border, align_corners: false);
        return o.reshape(bsz, c, nCrops, s, s).permute(2, 0, 1, 3, 4).reshape(nCrops * bsz, c, s, s).MoveToOuterDisposeScope();
    }
}
