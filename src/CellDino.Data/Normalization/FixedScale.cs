using System.Numerics.Tensors;

namespace CellDino.Data.Normalization;

/// <summary>Divides by a fixed scale: <c>x ← x / Scale</c>, by default the source maximum (255 or 65535), giving [0, 1].</summary>
/// <param name="Scale">Divisor; null means the image's source maximum.</param>
public sealed record FixedScale(float? Scale = null) : IntensityNormalization
{
    /// <inheritdoc />
    public override void ApplyToChannel(Span<float> plane, int channel, float sourceMax)
    {
        float s = Scale ?? sourceMax;
        if (!(s > 0) || !float.IsFinite(s)) throw new InvalidOperationException($"FixedScale needs a positive finite scale, got {s}.");
        TensorPrimitives.Divide(plane, s, plane);
    }
}
