using System.Buffers;
using System.Numerics.Tensors;

namespace CellDino.Data.Normalization;

/// <summary>
/// Count, mean and sum of squared deviations (M2) accumulated in float64. Values arrive in blocks:
/// each block's moments are computed with SIMD in float32 around the block mean (short sums, no
/// cancellation) and merged with Chan et al.'s parallel update, so billions of pixels stay exact to
/// ~1e-7 relative.
/// </summary>
internal struct RunningMoments
{
    private const int Block = 4096;

    public long Count;
    public double Mean;
    public double M2;

    /// <summary>Population variance (divides by N); 0 when empty.</summary>
    public readonly double PopulationVariance => Count > 0 ? Math.Max(0, M2 / Count) : 0;

    /// <summary>Adds every value of <paramref name="values"/>.</summary>
    public void Add(ReadOnlySpan<float> values)
    {
        var scratch = ArrayPool<float>.Shared.Rent(Block);
        try
        {
            for (int start = 0; start < values.Length; start += Block)
            {
                var block = values.Slice(start, Math.Min(Block, values.Length - start));
                var tmp = scratch.AsSpan(0, block.Length);
                float blockMean = TensorPrimitives.Sum(block) / block.Length;
                TensorPrimitives.Subtract(block, blockMean, tmp);
                // Sum of deviations is ~0 but not exactly; fold it back so the block mean is exact.
                double dev = TensorPrimitives.Sum<float>(tmp);
                double m = blockMean + dev / block.Length;
                double m2 = TensorPrimitives.SumOfSquares<float>(tmp) - dev * dev / block.Length;
                Merge(block.Length, m, Math.Max(0, m2));
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(scratch);
        }
    }

    /// <summary>Merges the moments of another sample set (Chan et al. 1979).</summary>
    public void Merge(long n, double mean, double m2)
    {
        if (n == 0) return;
        long total = Count + n;
        double delta = mean - Mean;
        Mean += delta * n / total;
        M2 += m2 + delta * delta * ((double)Count * n / total);
        Count = total;
    }

    /// <summary>Mean and population standard deviation of <paramref name="values"/>.</summary>
    public static (double Mean, double Std) MeanStd(ReadOnlySpan<float> values)
    {
        var r = default(RunningMoments);
        r.Add(values);
        return (r.Mean, Math.Sqrt(r.PopulationVariance));
    }
}
