using System.Runtime.InteropServices;
using System.Numerics.Tensors;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;

namespace CellDino.Data.Imaging;

/// <summary>PNG decode/encode over ImageSharp 2.1 with channel-major float planes.</summary>
internal static class PngCodec
{
    public static ImageFileInfo Describe(string path, PngHeader h)
    {
        EnsureSupported(path, h);
        return new ImageFileInfo("png", h.Width, h.Height, h.Components, h.BitDepth);
    }

    public static PlaneImage Decode(string path, ReadOnlyMemory<byte> data)
    {
        var h = PngHeader.Validate(path, data.Span);
        EnsureSupported(path, h);
        ImageIO.CheckBudget(path, h.Width, h.Height, h.Components); // before ImageSharp allocates the image
        try
        {
            return (h.ColorType, h.BitDepth) switch
            {
                (0, 8) => DecodeGray<L8, byte>(data.Span, 8),
                (0, 16) => DecodeGray<L16, ushort>(data.Span, 16),
                (2, 8) => DecodeColor<Rgb24, byte>(data.Span, 3, 8),
                (2, 16) => DecodeColor<Rgb48, ushort>(data.Span, 3, 16),
                (6, 8) => DecodeColor<Rgba32, byte>(data.Span, 4, 8),
                _ => DecodeColor<Rgba64, ushort>(data.Span, 4, 16),
            };
        }
        catch (Exception e) when (e is ImageFormatException or InvalidDataException or NotSupportedException or InvalidOperationException)
        {
            throw new DataFormatException(path, $"corrupt PNG: cannot decode the image data ({e.Message}).", inner: e);
        }
    }

    private static void EnsureSupported(string path, PngHeader h)
    {
        if (h.ColorType is not (0 or 2 or 6))
        {
            string what = h.ColorType switch { 3 => "palette", 4 => "grayscale+alpha", _ => $"colour type {h.ColorType}" };
            throw new DataFormatException(path, $"unsupported PNG colour type ({what}); expected grayscale, RGB or RGBA.");
        }
        if (h.BitDepth is not (8 or 16))
            throw new DataFormatException(path, $"unsupported PNG bit depth {h.BitDepth}; expected 8 or 16 bits per sample.");
    }

    // TPixel is a single-component pixel whose memory is exactly one TSample.
    private static PlaneImage DecodeGray<TPixel, TSample>(ReadOnlySpan<byte> data, int bitDepth)
        where TPixel : unmanaged, IPixel<TPixel>
        where TSample : unmanaged, System.Numerics.INumberBase<TSample>
    {
        using var image = Image.Load<TPixel>(data);
        int w = image.Width, hgt = image.Height;
        var pixels = new float[(long)w * hgt];
        image.ProcessPixelRows(acc =>
        {
            for (int y = 0; y < hgt; y++)
                TensorPrimitives.ConvertChecked<TSample, float>(MemoryMarshal.Cast<TPixel, TSample>(acc.GetRowSpan(y)), pixels.AsSpan(y * w, w));
        });
        return new PlaneImage(1, hgt, w, bitDepth, pixels);
    }

    // Interleaved colour pixels (RGB, RGBA of byte or ushort samples) are de-interleaved into planes.
    private static PlaneImage DecodeColor<TPixel, TSample>(ReadOnlySpan<byte> data, int components, int bitDepth)
        where TPixel : unmanaged, IPixel<TPixel>
        where TSample : unmanaged, System.Numerics.INumberBase<TSample>
    {
        using var image = Image.Load<TPixel>(data);
        int w = image.Width, hgt = image.Height, plane = w * hgt;
        var pixels = new float[(long)plane * components];
        image.ProcessPixelRows(acc =>
        {
            for (int y = 0; y < hgt; y++)
            {
                var row = MemoryMarshal.Cast<TPixel, TSample>(acc.GetRowSpan(y));
                int o = y * w;
                for (int c = 0; c < components; c++)
                {
                    var dst = pixels.AsSpan(c * plane + o, w);
                    for (int x = 0, s = c; x < w; x++, s += components) dst[x] = float.CreateTruncating(row[s]);
                }
            }
        });
        return new PlaneImage(components, hgt, w, bitDepth, pixels);
    }

    public static void Encode(Stream stream, ReadOnlySpan<float> pixels, int channels, int height, int width, int bitDepth)
    {
        var encoder = new PngEncoder
        {
            BitDepth = bitDepth == 16 ? PngBitDepth.Bit16 : PngBitDepth.Bit8,
            ColorType = channels switch { 1 => PngColorType.Grayscale, 3 => PngColorType.Rgb, _ => PngColorType.RgbWithAlpha },
            CompressionLevel = PngCompressionLevel.DefaultCompression,
        };
        switch (channels, bitDepth)
        {
            case (1, 8): EncodeCore<L8, byte>(stream, pixels, 1, height, width, encoder); break;
            case (1, 16): EncodeCore<L16, ushort>(stream, pixels, 1, height, width, encoder); break;
            case (3, 8): EncodeCore<Rgb24, byte>(stream, pixels, 3, height, width, encoder); break;
            case (3, 16): EncodeCore<Rgb48, ushort>(stream, pixels, 3, height, width, encoder); break;
            case (4, 8): EncodeCore<Rgba32, byte>(stream, pixels, 4, height, width, encoder); break;
            case (4, 16): EncodeCore<Rgba64, ushort>(stream, pixels, 4, height, width, encoder); break;
            default: throw new ArgumentException($"PNG holds 1, 3 or 4 channels of 8 or 16 bits, got {channels} channels of {bitDepth} bits.");
        }
    }

    private static void EncodeCore<TPixel, TSample>(Stream stream, ReadOnlySpan<float> pixels, int components, int height, int width, PngEncoder encoder)
        where TPixel : unmanaged, IPixel<TPixel>
        where TSample : unmanaged, System.Numerics.INumberBase<TSample>
    {
        using var image = new Image<TPixel>(width, height);
        int plane = width * height;
        // ProcessPixelRows takes a delegate, which cannot capture a span: copy through a pooled array.
        var pool = System.Buffers.ArrayPool<float>.Shared;
        var buf = pool.Rent(pixels.Length);
        try
        {
            pixels.CopyTo(buf);
            image.ProcessPixelRows(acc =>
            {
                for (int y = 0; y < height; y++)
                {
                    var row = MemoryMarshal.Cast<TPixel, TSample>(acc.GetRowSpan(y));
                    for (int c = 0; c < components; c++)
                    {
                        var src = buf.AsSpan(c * plane + y * width, width);
                        for (int x = 0, s = c; x < width; x++, s += components) row[s] = TSample.CreateTruncating(MathF.Round(src[x]));
                    }
                }
            });
        }
        finally
        {
            pool.Return(buf);
        }
        image.SaveAsPng(stream, encoder);
    }
}
