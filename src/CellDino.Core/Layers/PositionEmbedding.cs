using TorchSharp;
using static TorchSharp.torch;

namespace CellDino.Core.Layers;

/// <summary>
/// Resamples a learned position embedding to another patch grid exactly as DINOv2's
/// <c>interpolate_pos_encoding</c>: bicubic (A = −0.75), no align-corners, class-token entry kept apart.
/// </summary>
/// <remarks>
/// With a non-zero offset DINOv2 passes scale factors ((h+offset)/M, (w+offset)/M), and PyTorch forwards
/// the scale (not the output size) to the kernel, so source coordinates are (i + 0.5)·M/(h + offset) − 0.5.
/// TorchSharp forwards the same scale when <c>recompute_scale_factor</c> is false; a parity test holds it to that.
/// </remarks>
public static class PositionEmbedding
{
    /// <summary>
    /// Returns the position embedding [1, 1 + h·w, D] for a grid of <paramref name="gridH"/>×<paramref name="gridW"/> patches.
    /// </summary>
    /// <param name="posEmbed">Learned embedding [1, 1 + M², D] (class token first).</param>
    /// <param name="gridH">Patch rows of the input.</param>
    /// <param name="gridW">Patch columns of the input.</param>
    /// <param name="offset">DINOv2's <c>interpolate_offset</c> (0 → resize to an exact size).</param>
    /// <param name="antialias">DINOv2's <c>interpolate_antialias</c>.</param>
    public static Tensor Interpolate(Tensor posEmbed, long gridH, long gridW, double offset = 0.1, bool antialias = false)
    {
        long n0 = posEmbed.shape[1] - 1;
        long m = (long)Math.Round(Math.Sqrt(n0));
        if (m * m != n0) throw new ArgumentException($"position embedding has {n0} patch entries, not a square grid.", nameof(posEmbed));
        if (gridH * gridW == n0 && gridH == gridW) return posEmbed.alias();

        using var scope = NewDisposeScope();
        var dtype = posEmbed.dtype;
        var pe = posEmbed.to(ScalarType.Float32);
        long dim = pe.shape[2];
        var cls = pe[.., 0];
        // [1, M*M, D] -> [1, D, M, M]
        var grid = pe[.., 1..].reshape(1, m, m, dim).permute(0, 3, 1, 2);
        Tensor resized = offset > 0
            ? nn.functional.interpolate(grid, scale_factor: new[] { (gridH + offset) / m, (gridW + offset) / m },
                mode: InterpolationMode.Bicubic, align_corners: false, recompute_scale_factor: false, antialias: antialias)
            : nn.functional.interpolate(grid, size: new[] { gridH, gridW }, mode: InterpolationMode.Bicubic, align_corners: false, antialias: antialias);
        if (resized.shape[2] != gridH || resized.shape[3] != gridW)
            throw new InvalidOperationException($"position-embedding resampling produced a {resized.shape[2]}×{resized.shape[3]} grid, expected {gridH}×{gridW}.");
        // [1, D, h, w] -> [1, h*w, D]
        var patches = resized.permute(0, 2, 3, 1).reshape(1, -1, dim);
        return cat(new[] { cls.unsqueeze(0), patches }, 1).to(dtype).MoveToOuterDisposeScope();
    }
}
