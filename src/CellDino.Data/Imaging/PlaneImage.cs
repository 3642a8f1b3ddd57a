using CellDino.Data.Samples;

namespace CellDino.Data.Imaging;

/// <summary>
/// Decoded planes of one image file: channel-major float32 (<c>[C, H, W]</c>) in source units
/// (0–255 for 8-bit, 0–65535 for 16-bit), with the bit depth they came from.
/// </summary>
public sealed class PlaneImage
{
    /// <summary>Wraps <paramref name="pixels"/> (length C·H·W, not copied).</summary>
    public PlaneImage(int channels, int height, int width, int bitDepth, float[] pixels)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        if (channels <= 0 || height <= 0 || width <= 0)
            throw new ArgumentOutOfRangeException(nameof(channels), $"Shape must be positive, got {channels}x{height}x{width}.");
        if ((long)channels * height * width != pixels.Length)
            throw new ArgumentException($"Expected {channels}x{height}x{width} pixels, got {pixels.Length}.", nameof(pixels));
        Channels = channels;
        Height = height;
        Width = width;
        BitDepth = bitDepth;
        Pixels = pixels;
    }

    /// <summary>Number of planes.</summary>
    public int Channels { get; }

    /// <summary>Rows per plane.</summary>
    public int Height { get; }

    /// <summary>Columns per plane.</summary>
    public int Width { get; }

    /// <summary>Bits per sample of the source: 8 or 16.</summary>
    public int BitDepth { get; }

    /// <summary>Channel-major intensities in source units.</summary>
    public float[] Pixels { get; }

    /// <summary>One plane (row-major).</summary>
    public Span<float> Channel(int channel)
    {
        if ((uint)channel >= (uint)Channels)
            throw new ArgumentOutOfRangeException(nameof(channel), $"Channel {channel} is outside 0..{Channels - 1}.");
        return Pixels.AsSpan(channel * Height * Width, Height * Width);
    }

    /// <summary>Wraps the planes as a <see cref="MicroscopyImage"/> named <paramref name="channelNames"/> (no copy).</summary>
    public MicroscopyImage ToMicroscopyImage(IReadOnlyList<string> channelNames) => new(channelNames, Height, Width, Pixels, BitDepth);
}
