using CellDino.Data.Samples;

namespace CellDino.Data.Loading;

/// <summary>
/// Crops (or zero-pads) every sample to a fixed <c>Height × Width</c> around its centre, so samples of
/// different sizes can be batched. Samples already of that size pass through untouched.
/// </summary>
public sealed class CenterCropTransform : ISampleTransform
{
    /// <summary>Creates the transform for the given output size.</summary>
    public CenterCropTransform(int height, int width)
    {
        if (height <= 0 || width <= 0) throw new ArgumentOutOfRangeException(nameof(height), $"Crop size must be positive, got {height}x{width}.");
        Height = height;
        Width = width;
    }

    /// <summary>Output rows.</summary>
    public int Height { get; }

    /// <summary>Output columns.</summary>
    public int Width { get; }

    /// <summary>
    /// Where a centred window of <paramref name="crop"/> pixels starts in a side of <paramref name="size"/> pixels, as
    /// torchvision's <c>center_crop</c> places it: <c>int(round((size − crop) / 2))</c> with Python's round-half-to-even
    /// when cropping, and <c>−((crop − size) // 2)</c> when the side is zero-padded (padding goes first, its larger half
    /// at the end). The one rule for training's load crop and the embedder's evaluation crop.
    /// </summary>
    public static int Offset(int size, int crop) =>
        crop > size ? -((crop - size) / 2) : (int)Math.Round((size - crop) / 2.0, MidpointRounding.ToEven);

    /// <summary>
    /// A centre crop of each sample to the largest multiple of <paramref name="multiple"/> on each side (a ViT's patch
    /// size), placed as <see cref="Offset"/> places it; for inputs that may differ in size.
    /// </summary>
    public static ISampleTransform ToMultipleOf(int multiple)
    {
        if (multiple <= 0) throw new ArgumentOutOfRangeException(nameof(multiple), multiple, "must be positive.");
        return new DelegateSampleTransform((sample, context) =>
        {
            int h = sample.Image.Height / multiple * multiple, w = sample.Image.Width / multiple * multiple;
            if (h == 0 || w == 0)
                throw new ArgumentException($"Sample {sample.Metadata.Id} is {sample.Image.Height}x{sample.Image.Width}, smaller than one {multiple}-pixel patch.");
            return new CenterCropTransform(h, w).Apply(sample, context);
        });
    }

    /// <inheritdoc />
    public Sample Apply(Sample sample, TransformContext context)
    {
        ArgumentNullException.ThrowIfNull(sample);
        var src = sample.Image;
        if (src.Height == Height && src.Width == Width) return sample;
        int top = Offset(src.Height, Height), left = Offset(src.Width, Width);
        var dst = new float[src.Channels * Height * Width];
        for (int c = 0; c < src.Channels; c++)
        {
            var inPlane = src.Channel(c);
            var outPlane = dst.AsSpan(c * Height * Width, Height * Width);
            int x0 = Math.Max(0, -left), x1 = Math.Min(Width, src.Width - left);
            if (x1 <= x0) continue;
            for (int y = 0; y < Height; y++)
            {
                int sy = y + top;
                if ((uint)sy >= (uint)src.Height) continue;
                inPlane.Slice(sy * src.Width + left + x0, x1 - x0).CopyTo(outPlane.Slice(y * Width + x0));
            }
        }
        return sample with { Image = new MicroscopyImage(src.ChannelNames, Height, Width, dst, src.BitDepth) };
    }
}
