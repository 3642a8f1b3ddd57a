namespace CellDino.Core.Training;

/// <summary>
/// DINOv2's <c>CosineScheduler</c>, value by value in float64: <c>freeze_iters</c> zeros, then a linear
/// warm-up from <c>start_warmup_value</c> to <c>base_value</c> over <c>warmup_iters</c> values (both ends
/// included, as <c>np.linspace</c>), then <c>final + ½(base − final)(1 + cos(π·i/n))</c> for i = 0..n−1 with
/// n = total − warmup − freeze. Any index ≥ <c>total_iters</c> returns <c>final_value</c>. Values are computed in
/// closed form at each index with DINOv2's arithmetic (no array of <c>total_iters</c> values is held, so a run of any
/// length costs nothing here).
/// </summary>
public sealed class CosineScheduler
{
    private readonly double _warmupStep;
    private readonly long _cosineIters;
    private readonly long _leadingZeros;

    /// <summary>Builds the schedule.</summary>
    /// <param name="baseValue">Value reached at the end of the warm-up and the start of the cosine.</param>
    /// <param name="finalValue">Value the cosine decays towards, returned past the end.</param>
    /// <param name="totalIters">Schedule length (freeze + warm-up + cosine).</param>
    /// <param name="warmupIters">Warm-up length.</param>
    /// <param name="startWarmupValue">First warm-up value.</param>
    /// <param name="freezeIters">Leading iterations with value 0.</param>
    public CosineScheduler(double baseValue, double finalValue, long totalIters, long warmupIters = 0, double startWarmupValue = 0, long freezeIters = 0)
    {
        if (warmupIters < 0) throw new ArgumentOutOfRangeException(nameof(warmupIters), warmupIters, "must be >= 0.");
        if (freezeIters < 0) throw new ArgumentOutOfRangeException(nameof(freezeIters), freezeIters, "must be >= 0.");
        long n = totalIters - warmupIters - freezeIters;
        if (n < 0)
            throw new ArgumentException($"totalIters {totalIters} is shorter than warmupIters {warmupIters} + freezeIters {freezeIters}.", nameof(totalIters));
        BaseValue = baseValue;
        FinalValue = finalValue;
        TotalIters = totalIters;
        WarmupIters = warmupIters;
        StartWarmupValue = startWarmupValue;
        FreezeIters = freezeIters;
        // np.linspace: start + i·step with step = (stop − start)/(num − 1), and the last value set to stop.
        _warmupStep = warmupIters > 1 ? (baseValue - startWarmupValue) / (warmupIters - 1) : 0;
        _cosineIters = n;
    }

    private CosineScheduler(CosineScheduler source, long leadingZeros)
    {
        BaseValue = source.BaseValue;
        FinalValue = source.FinalValue;
        TotalIters = source.TotalIters;
        WarmupIters = source.WarmupIters;
        StartWarmupValue = source.StartWarmupValue;
        FreezeIters = source.FreezeIters;
        _warmupStep = source._warmupStep;
        _cosineIters = source._cosineIters;
        _leadingZeros = Math.Max(source._leadingZeros, leadingZeros);
    }

    /// <summary>Value at the end of the warm-up.</summary>
    public double BaseValue { get; }

    /// <summary>Value past the end of the schedule.</summary>
    public double FinalValue { get; }

    /// <summary>Schedule length.</summary>
    public long TotalIters { get; }

    /// <summary>Warm-up length.</summary>
    public long WarmupIters { get; }

    /// <summary>First warm-up value.</summary>
    public double StartWarmupValue { get; }

    /// <summary>Leading zero iterations.</summary>
    public long FreezeIters { get; }

    /// <summary>The value at iteration <paramref name="iteration"/> (≥ 0); <see cref="FinalValue"/> from <see cref="TotalIters"/> on.</summary>
    public double this[long iteration]
    {
        get
        {
            if (iteration < 0) throw new ArgumentOutOfRangeException(nameof(iteration), iteration, "iteration must be >= 0.");
            if (iteration >= TotalIters) return FinalValue;
            if (iteration < _leadingZeros || iteration < FreezeIters) return 0;
            long i = iteration - FreezeIters;
            if (i < WarmupIters) return WarmupIters > 1 && i == WarmupIters - 1 ? BaseValue : i * _warmupStep + StartWarmupValue;
            i -= WarmupIters;
            return FinalValue + 0.5 * (BaseValue - FinalValue) * (1 + Math.Cos(Math.PI * i / _cosineIters));
        }
    }

    /// <summary>
    /// A copy whose first <paramref name="iterations"/> values are 0 (DINOv2's last-layer learning rate:
    /// <c>schedule[:freeze_last_layer_epochs · epoch_length] = 0</c>); the value past the end is unchanged.
    /// </summary>
    public CosineScheduler WithLeadingZeros(long iterations)
    {
        if (iterations < 0) throw new ArgumentOutOfRangeException(nameof(iterations), iterations, "must be >= 0.");
        return new CosineScheduler(this, iterations);
    }

    /// <summary>The values at iterations 0..<paramref name="count"/>−1 (past the end: the final value).</summary>
    public double[] Values(long count)
    {
        if (count < 0) throw new ArgumentOutOfRangeException(nameof(count), count, "must be >= 0.");
        var v = new double[count];
        for (long i = 0; i < count; i++) v[i] = this[i];
        return v;
    }
}
