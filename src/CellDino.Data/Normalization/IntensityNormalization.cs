using CellDino.Data.Samples;

namespace CellDino.Data.Normalization;

/// <summary>
/// How raw intensities (source units) become network input. An explicit choice, applied in place,
/// per channel. <see cref="SelfNormalize"/> is what Cell-DINO uses for training, evaluation and
/// inference; the others are alternatives for studies and other pipelines.
/// </summary>
public abstract record IntensityNormalization
{
    /// <summary>Cell-DINO's own normalization: divide by the source maximum, then per-image, per-channel standardisation.</summary>
    public static IntensityNormalization CellDinoDefault { get; } = new SelfNormalize();

    /// <summary>Normalizes one channel in place.</summary>
    /// <param name="plane">The channel's pixels in source units; overwritten.</param>
    /// <param name="channel">Channel index (used by per-channel dataset statistics).</param>
    /// <param name="sourceMax">Largest value of the source bit depth (255, 65535, or 1 for float data).</param>
    public abstract void ApplyToChannel(Span<float> plane, int channel, float sourceMax);

    /// <summary>Normalizes every channel of <paramref name="image"/> in place.</summary>
    public void Apply(MicroscopyImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        for (int c = 0; c < image.Channels; c++) ApplyToChannel(image.Channel(c), c, image.SourceMax);
    }
}
