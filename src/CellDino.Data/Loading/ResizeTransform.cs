using CellDino.Data.Samples;
using TorchSharp;
using static TorchSharp.torch;

namespace CellDino.Data.Loading;

/// <summary>
/// torchvision's <c>Resize(size)</c> as Cell-DINO's evaluation transform uses it (<c>Resize(resize_size, bicubic)</c> on
/// tensors): the shorter side becomes <see cref="Size"/> and the longer side <c>int(size · long / short)</c>, keeping the
/// aspect ratio; bicubic with antialiasing (torchvision's tensor default). Values stay in source units.
/// </summary>
public sealed class ResizeTransform : ISampleTransform
{
    /// <summary>Creates the transform; <paramref name="size"/> is the side the shorter edge is resized to.</summary>
    public ResizeTransform(int size)
    {
        if (size <= 0) throw new ArgumentOutOfRangeException(nameof(size), size, "The resize side must be positive.");
        Size = size;
    }

    /// <summary>Side of the shorter edge after resizing.</summary>
    public int Size { get; }

    /// <summary>
    /// The output height and width for an input of <paramref name="height"/> × <paramref name="width"/> (torchvision's
    /// <c>_compute_resized_output_size</c>: the long side is truncated, not rounded).
    /// </summary>
    public static (int Height, int Width) OutputSize(int height, int width, int size)
    {
        if (height <= 0 || width <= 0) throw new ArgumentOutOfRangeException(nameof(height), $"Image size must be positive, got {height}x{width}.");
        if (size <= 0) throw new ArgumentOutOfRangeException(nameof(size), size, "The resize side must be positive.");
        bool tall = height >= width;
        int shortSide = tall ? width : height, longSide = tall ? height : width;
        int newLong = (int)((long)size * longSide / shortSide);
        return tall ? (newLong, size) : (size, newLong);
    }

    /// <inheritdoc />
    public Sample Apply(Sample sample, TransformContext context)
    {
        ArgumentNullException.ThrowIfNull(sample);
        var src = sample.Image;
        var (h, w) = OutputSize(src.Height, src.Width, Size);
        if (h == src.Height && w == src.Width) return sample;
        using var scope = NewDisposeScope();
        var input = tensor(src.Pixels, [1, src.Channels, src.Height, src.Width]);
        var resized = nn.functional.interpolate(input, [h, w], mode: InterpolationMode.Bicubic, align_corners: false, antialias: true);
        var pixels = resized.contiguous().data<float>().ToArray();
        return sample with { Image = new MicroscopyImage(src.ChannelNames, h, w, pixels, src.BitDepth) };
    }
}
