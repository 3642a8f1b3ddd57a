using static TorchSharp.torch;

namespace CellDino.Core.Augmentation;

/// <summary>
/// Batched per-crop intensity steps of the Cell-DINO pipeline on crops <c>[N, C, S, S]</c>, with per-crop,
/// per-channel factors <c>[N, C]</c> (torchvision's <c>adjust_brightness</c>/<c>adjust_contrast</c> on one channel).
/// </summary>
internal static class CropIntensity
{
    /// <summary>Factors <c>max(N(1, std), floor)</c>, shape [n, c], float64 on the CPU, drawn from <paramref name="generator"/>.</summary>
    internal static Tensor JitterFactors(long n, long c, double std, double floor, Generator generator)
    {
        using var scope = NewDisposeScope();
        var z = randn(new[] { n, c }, dtype: ScalarType.Float64, generator: generator);
        return (z * std + 1.0).clamp_min(floor).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// <c>x_c ← clamp(f_c · x_c, 0, 1)</c>; a crop whose maximum is exactly 0 is left alone (as the reference skips it).
    /// </summary>
    internal static Tensor Brightness(Tensor x, Tensor factors, bool clampUnit)
    {
        using var scope = NewDisposeScope();
        var y = x * Per(factors, x);
        if (clampUnit) y = y.clamp(0.0, 1.0);
        return where(Active(x), y, x).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// <c>x_c ← clamp(f_c · x_c + (1 − f_c) · mean(x_c), 0, 1)</c>, the mean over the channel's whole crop; a crop whose
    /// maximum is exactly 0 is left alone.
    /// </summary>
    internal static Tensor Contrast(Tensor x, Tensor factors, bool clampUnit)
    {
        using var scope = NewDisposeScope();
        var f = Per(factors, x);
        var mean = x.mean(new long[] { 2, 3 }, keepdim: true);
        var y = f * x + (1.0 - f) * mean;
        if (clampUnit) y = y.clamp(0.0, 1.0);
        return where(Active(x), y, x).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Per-crop, per-channel standardization <c>(x − mean) / (std + eps)</c> with the population (biased) std; a
    /// constant channel (e.g. a dropped one) becomes 0.
    /// </summary>
    internal static Tensor Standardize(Tensor x, double eps)
    {
        using var scope = NewDisposeScope();
        var dims = new long[] { 2, 3 };
        var mean = x.mean(dims, keepdim: true);
        var std = x.std(dims, unbiased: false, keepdim: true);
        return ((x - mean) / (std + eps)).MoveToOuterDisposeScope();
    }

    /// <summary>[N, C] factors as [N, C, 1, 1] in the crops' dtype and device.</summary>
    private static Tensor Per(Tensor factors, Tensor x) => factors.to(x.dtype).to(x.device).unsqueeze(-1).unsqueeze(-1);

    /// <summary>[N, 1, 1, 1]: the crop has a non-zero maximum (the reference's <c>img.max() == 0</c> skip).</summary>
    private static Tensor Active(Tensor x) =>
        x.amax(new long[] { 1, 2, 3 }, keepdim: true).ne(0);
}
