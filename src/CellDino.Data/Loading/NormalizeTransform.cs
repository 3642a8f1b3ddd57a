using CellDino.Data.Normalization;
using CellDino.Data.Samples;

namespace CellDino.Data.Loading;

/// <summary>
/// Applies an <see cref="IntensityNormalization"/> to every channel (Cell-DINO's evaluation default is
/// <see cref="SelfNormalize"/>). Works on a copy: a dataset that hands out its own pixel arrays is never changed.
/// </summary>
public sealed class NormalizeTransform : ISampleTransform
{
    /// <summary>Creates the transform.</summary>
    public NormalizeTransform(IntensityNormalization normalization)
    {
        ArgumentNullException.ThrowIfNull(normalization);
        Normalization = normalization;
    }

    /// <summary>The normalization applied.</summary>
    public IntensityNormalization Normalization { get; }

    /// <inheritdoc />
    public Sample Apply(Sample sample, TransformContext context)
    {
        ArgumentNullException.ThrowIfNull(sample);
        var src = sample.Image;
        var image = new MicroscopyImage(src.ChannelNames, src.Height, src.Width, (float[])src.Pixels.Clone(), src.BitDepth);
        for (int c = 0; c < image.Channels; c++) Normalization.ApplyToChannel(image.Channel(c), c, src.SourceMax);
        return sample with { Image = image };
    }
}
