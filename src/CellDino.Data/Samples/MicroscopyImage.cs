namespace CellDino.Data.Samples;

/// <summary>
/// A multi-channel microscopy image held as channel-major float32 planes (<c>[C, H, W]</c>) in the
/// units of its source (0–255 for 8-bit, 0–65535 for 16-bit, as stored for float sources), so that
/// normalization is a separate, explicit choice.
/// </summary>
public sealed class MicroscopyImage
{
    private readonly string[] _channelNames;

    /// <summary>Creates an image over <paramref name="pixels"/> (length C·H·W, channel-major); the array is not copied.</summary>
    /// <param name="channelNames">One name per channel, e.g. <c>microtubules, protein, nucleus, er</c>.</param>
    /// <param name="height">Rows per plane.</param>
    /// <param name="width">Columns per plane.</param>
    /// <param name="pixels">Channel-major intensities.</param>
    /// <param name="bitDepth">Bit depth of the source planes: 8, 16 or 32 (float).</param>
    public MicroscopyImage(IReadOnlyList<string> channelNames, int height, int width, float[] pixels, int bitDepth)
    {
        ArgumentNullException.ThrowIfNull(channelNames);
        ArgumentNullException.ThrowIfNull(pixels);
        if (channelNames.Count == 0) throw new ArgumentException("An image needs at least one channel.", nameof(channelNames));
        if (height <= 0 || width <= 0) throw new ArgumentOutOfRangeException(nameof(height), $"Image size must be positive, got {height}x{width}.");
        if (bitDepth is not (8 or 16 or 32)) throw new ArgumentOutOfRangeException(nameof(bitDepth), $"Bit depth must be 8, 16 or 32, got {bitDepth}.");
        long expected = (long)channelNames.Count * height * width;
        if (pixels.Length != expected)
            throw new ArgumentException($"Expected {channelNames.Count}x{height}x{width} = {expected} pixels, got {pixels.Length}.", nameof(pixels));
        _channelNames = channelNames.ToArray();
        Height = height;
        Width = width;
        Pixels = pixels;
        BitDepth = bitDepth;
    }

    /// <summary>Channel names in plane order.</summary>
    public IReadOnlyList<string> ChannelNames => _channelNames;

    /// <summary>Number of channels (planes).</summary>
    public int Channels => _channelNames.Length;

    /// <summary>Rows per plane.</summary>
    public int Height { get; }

    /// <summary>Columns per plane.</summary>
    public int Width { get; }

    /// <summary>Bit depth of the source: 8, 16, or 32 for float data.</summary>
    public int BitDepth { get; }

    /// <summary>The largest value the source bit depth can hold (255, 65535, or 1 for float sources).</summary>
    public float SourceMax => BitDepth switch { 8 => 255f, 16 => 65535f, _ => 1f };

    /// <summary>Channel-major pixel data, length <c>Channels · Height · Width</c>.</summary>
    public float[] Pixels { get; }

    /// <summary>One channel's plane as a span (row-major, length <c>Height · Width</c>).</summary>
    public Span<float> Channel(int channel)
    {
        if ((uint)channel >= (uint)Channels)
            throw new ArgumentOutOfRangeException(nameof(channel), $"Channel {channel} is outside 0..{Channels - 1}.");
        int plane = Height * Width;
        return Pixels.AsSpan(channel * plane, plane);
    }

    /// <summary>Index of the channel called <paramref name="name"/> (ordinal, case-insensitive), or -1.</summary>
    public int IndexOfChannel(string name) => Array.FindIndex(_channelNames, n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase));
}
