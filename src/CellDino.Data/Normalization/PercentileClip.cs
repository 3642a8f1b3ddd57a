using System.Buffers;
using System.Numerics.Tensors;

namespace CellDino.Data.Normalization;

/// <summary>
/// Per image and channel: clip to the <see cref="Low"/>/<see cref="High"/> percentiles and rescale
/// linearly to [0, 1]: <c>x ← (clamp(x, lo, hi) − lo) / (hi − lo)</c>; a channel with hi = lo becomes 0.
/// Percentiles interpolate linearly between order statistics at rank <c>p/100 · (N − 1)</c>
/// (NumPy's default "linear" method).
/// </summary>
/// <param name="Low">Lower percentile in [0, 100].</param>
/// <param name="High">Upper percentile in [0, 100], above <paramref name="Low"/>.</param>
public sealed record PercentileClip(double Low = 0.1, double High = 99.9) : IntensityNormalization
{
    /// <inheritdoc />
    public override void ApplyToChannel(Span<float> plane, int channel, float sourceMax)
    {
        if (!(Low >= 0 && High <= 100 && Low < High)) throw new InvalidOperationException($"Percentiles must satisfy 0 <= low < high <= 100, got {Low}, {High}.");
        if (plane.IsEmpty) return;
        var (lo, hi) = Percentiles(plane, Low, High);
        if (!(hi > lo))
        {
            plane.Clear();
            return;
        }
        TensorPrimitives.Max(plane, lo, plane);
        TensorPrimitives.Min(plane, hi, plane);
        TensorPrimitives.Subtract(plane, lo, plane);
        TensorPrimitives.Divide(plane, hi - lo, plane);
    }

    /// <summary>The two percentiles of <paramref name="values"/> (sorted copy in a pooled buffer).</summary>
    internal static (float Low, float High) Percentiles(ReadOnlySpan<float> values, double low, double high)
    {
        var buf = ArrayPool<float>.Shared.Rent(values.Length);
        try
        {
            var sorted = buf.AsSpan(0, values.Length);
            values.CopyTo(sorted);
            sorted.Sort();
            return ((float)At(sorted, low), (float)At(sorted, high));
        }
        finally
        {
            ArrayPool<float>.Shared.Return(buf);
        }
    }

    private static double At(ReadOnlySpan<float> sorted, double p)
    {
        double rank = p / 100.0 * (sorted.Length - 1);
        int i = (int)Math.Floor(rank);
        if (i >= sorted.Length - 1) return sorted[^1];
        double frac = rank - i;
        return sorted[i] + frac * ((double)sorted[i + 1] - sorted[i]);
    }
}
