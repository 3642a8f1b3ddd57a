using System.Numerics.Tensors;

namespace CellDino.Data.Normalization;

/// <summary>
/// Cell-DINO's default: <c>x ← x / SourceMax</c> (the <c>Div255</c> step, generalised to 16-bit),
/// then per image and channel <c>x ← (x − mean) / (std + ε)</c> with the population (biased) standard
/// deviation. An all-constant channel (e.g. all zero) becomes all zero.
/// </summary>
/// <param name="Epsilon">Added to the standard deviation; Cell-DINO uses 1e-7.</param>
public sealed record SelfNormalize(double Epsilon = 1e-7) : IntensityNormalization
{
    /// <inheritdoc />
    public override void ApplyToChannel(Span<float> plane, int channel, float sourceMax)
    {
        if (plane.IsEmpty) return;
        TensorPrimitives.Divide(plane, sourceMax, plane);
        var (mean, std) = RunningMoments.MeanStd(plane);
        TensorPrimitives.Subtract(plane, (float)mean, plane);
        TensorPrimitives.Divide(plane, (float)(std + Epsilon), plane);
    }
}
