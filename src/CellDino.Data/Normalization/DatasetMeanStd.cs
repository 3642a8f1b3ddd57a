using System.Numerics.Tensors;

namespace CellDino.Data.Normalization;

/// <summary>
/// Dataset-level standardisation: <c>x ← (x / SourceMax − mean_c) / (std_c + ε)</c> with fixed
/// per-channel <see cref="DatasetStatistics"/> (not Cell-DINO's choice, which is per image).
/// </summary>
/// <param name="Statistics">Per-channel statistics, from <see cref="DatasetStatistics.Compute"/> or <see cref="DatasetStatistics.Load"/>.</param>
/// <param name="Epsilon">Added to the standard deviation.</param>
public sealed record DatasetMeanStd(DatasetStatistics Statistics, double Epsilon = 1e-7) : IntensityNormalization
{
    /// <inheritdoc />
    public override void ApplyToChannel(Span<float> plane, int channel, float sourceMax)
    {
        if ((uint)channel >= (uint)Statistics.Mean.Count)
            throw new ArgumentOutOfRangeException(nameof(channel), $"Channel {channel} has no statistics (they cover {Statistics.Mean.Count} channels).");
        TensorPrimitives.Divide(plane, sourceMax, plane);
        TensorPrimitives.Subtract(plane, (float)Statistics.Mean[channel], plane);
        TensorPrimitives.Divide(plane, (float)(Statistics.Std[channel] + Epsilon), plane);
    }
}
