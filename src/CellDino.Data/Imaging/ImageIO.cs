using System.Buffers;
using System.Numerics.Tensors;
using CellDino.Core;
using CellDino.Data.Samples;

namespace CellDino.Data.Imaging;

/// <summary>
/// Reads and writes microscopy planes: 8/16-bit grayscale, RGB and RGBA PNG (colour components
/// become channels) and 8/16-bit single- or multi-page TIFF (pages become channels). Pixels come
/// back as float32 in source units, full 16-bit range kept. Every read failure is a
/// <see cref="DataFormatException"/> naming the file and what was expected; writes are atomic.
/// </summary>
public static class ImageIO
{
    private static long _maxSamples = 1L << 26;

    /// <summary>
    /// The pixel budget: the most samples (width × height × channels) one decoded image may hold, checked against the
    /// file's header before any pixel memory is allocated, so a small file declaring a huge image (a deflate bomb) is
    /// refused with one <see cref="DataFormatException"/> instead of allocating gigabytes. Default 2^26 = 67,108,864
    /// samples (256 MiB as float32): a 4-channel 4096² field fits; raise it for larger real images.
    /// </summary>
    public static long MaxSamplesPerImage
    {
        get => Volatile.Read(ref _maxSamples);
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1L);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, (long)Array.MaxLength);
            Volatile.Write(ref _maxSamples, value);
        }
    }

    /// <summary>Throws when an image of the given size would exceed <see cref="MaxSamplesPerImage"/>.</summary>
    internal static void CheckBudget(string path, long width, long height, long channels)
    {
        long samples = width * height * channels; // each factor < 2^31 and validated positive: no overflow below 2^63
        if (width > int.MaxValue || height > int.MaxValue || samples > MaxSamplesPerImage || width * height > int.MaxValue)
            throw new DataFormatException(path, FormattableString.Invariant(
                $"declares {width}x{height} pixels x {channels} channel(s) = {samples:N0} samples, over the limit of {MaxSamplesPerImage:N0} (ImageIO.MaxSamplesPerImage, celldino --max-image-samples); raise the limit if this is a real image."));
    }

    /// <summary>File extensions <see cref="Read(string)"/> understands (lower case, with dot).</summary>
    public static IReadOnlyList<string> SupportedExtensions { get; } = [".png", ".tif", ".tiff"];

    /// <summary>Decodes <paramref name="path"/> into channel-major planes, choosing the codec from the file's magic bytes.</summary>
    /// <exception cref="DataFormatException">Missing, truncated, corrupt or unsupported file.</exception>
    public static PlaneImage Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        // TIFF files go straight to LibTiff, which reads only the strips it needs; PNG is decoded from one pooled buffer.
        if (!SniffIsPng(path)) return TiffCodec.Decode(path);
        var (buffer, length) = ReadAllPooled(path);
        try
        {
            return PngCodec.Decode(path, buffer.AsMemory(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Decodes <paramref name="path"/> and requires exactly <paramref name="channels"/> planes.</summary>
    /// <exception cref="DataFormatException">As <see cref="Read(string)"/>, or the channel count differs.</exception>
    public static PlaneImage Read(string path, int channels)
    {
        var img = Read(path);
        if (img.Channels != channels)
            throw new DataFormatException(path, $"expected {channels} channel(s), the file has {img.Channels} ({img.Width}x{img.Height}, {img.BitDepth}-bit).");
        return img;
    }

    /// <summary>Decodes one single-channel (grayscale) file.</summary>
    public static PlaneImage ReadGrayscale(string path) => Read(path, 1);

    /// <summary>Reads size, channel count and bit depth from the header without decoding pixels.</summary>
    /// <exception cref="DataFormatException">Missing, corrupt or unsupported file.</exception>
    public static ImageFileInfo Identify(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!SniffIsPng(path)) return TiffCodec.Describe(path);
        var (buffer, length) = ReadAllPooled(path);
        try
        {
            var span = buffer.AsSpan(0, length);
            return PngCodec.Describe(path, PngHeader.Validate(path, span, checkCrc: false));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Decodes the whole file (every PNG chunk CRC and the image data, every TIFF page and strip) and returns what
    /// <see cref="Identify"/> reads from the header. A file whose header is valid but whose pixel data is corrupt passes
    /// <see cref="Identify"/> and fails here, so readers that verify while indexing can skip it before a run starts.
    /// </summary>
    /// <exception cref="DataFormatException">Missing, truncated, corrupt or unsupported file.</exception>
    public static ImageFileInfo Verify(string path)
    {
        var image = Read(path);
        return new ImageFileInfo(SniffIsPng(path) ? "png" : "tiff", image.Width, image.Height, image.Channels, image.BitDepth);
    }

    /// <summary>
    /// Reads several single-channel files as the channels of one image (e.g. the Kaggle
    /// <c>_red/_green/_blue/_yellow</c> files); all must share size and bit depth.
    /// </summary>
    /// <exception cref="DataFormatException">A file fails to decode, is not single-channel, or differs in size or bit depth from the first.</exception>
    public static PlaneImage ReadChannels(IReadOnlyList<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        if (paths.Count == 0) throw new ArgumentException("At least one channel file is needed.", nameof(paths));
        var first = ReadGrayscale(paths[0]);
        if (paths.Count == 1) return first;
        CheckBudget(paths[0], first.Width, first.Height, paths.Count);
        int plane = first.Height * first.Width;
        var pixels = new float[(long)plane * paths.Count];
        first.Pixels.CopyTo(pixels, 0);
        for (int c = 1; c < paths.Count; c++)
        {
            var next = ReadGrayscale(paths[c]);
            if (next.Height != first.Height || next.Width != first.Width)
                throw new DataFormatException(paths[c], $"channel size mismatch: {next.Width}x{next.Height}, expected {first.Width}x{first.Height} like {paths[0]}.");
            if (next.BitDepth != first.BitDepth)
                throw new DataFormatException(paths[c], $"bit depth mismatch: {next.BitDepth}-bit, expected {first.BitDepth}-bit like {paths[0]}.");
            next.Pixels.CopyTo(pixels, c * plane);
        }
        return new PlaneImage(paths.Count, first.Height, first.Width, first.BitDepth, pixels);
    }

    /// <summary>Writes one plane as a grayscale PNG of <paramref name="bitDepth"/> 8 or 16 bits (values rounded; must lie in 0..2^bits−1).</summary>
    public static void WritePng(string path, ReadOnlySpan<float> plane, int height, int width, int bitDepth) =>
        WritePng(path, plane, 1, height, width, bitDepth);

    /// <summary>
    /// Writes channel-major planes as a PNG: 1 channel → grayscale, 3 → RGB, 4 → RGBA (the official
    /// Cell-DINO HPA layout), 8 or 16 bits per sample.
    /// </summary>
    public static void WritePng(string path, ReadOnlySpan<float> pixels, int channels, int height, int width, int bitDepth)
    {
        Validate(pixels, channels, height, width, bitDepth);
        if (channels is not (1 or 3 or 4)) throw new ArgumentOutOfRangeException(nameof(channels), $"PNG holds 1, 3 or 4 channels, got {channels}.");
        var pool = ArrayPool<float>.Shared;
        var copy = pool.Rent(pixels.Length);
        try
        {
            // AtomicFile takes a delegate, which cannot capture a span.
            pixels.CopyTo(copy);
            int n = pixels.Length;
            AtomicFile.Write(path, s => PngCodec.Encode(s, copy.AsSpan(0, n), channels, height, width, bitDepth));
        }
        finally
        {
            pool.Return(copy);
        }
    }

    /// <summary>Writes <paramref name="image"/> as a PNG (1, 3 or 4 channels) at <paramref name="bitDepth"/> (default: the image's own, 8 or 16).</summary>
    public static void WritePng(string path, MicroscopyImage image, int? bitDepth = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        WritePng(path, image.Pixels, image.Channels, image.Height, image.Width, bitDepth ?? image.BitDepth);
    }

    /// <summary>Writes channel-major planes as a TIFF with one page per channel, 8 or 16 bits, LZW.</summary>
    public static void WriteTiff(string path, ReadOnlySpan<float> pixels, int channels, int height, int width, int bitDepth = 16)
    {
        Validate(pixels, channels, height, width, bitDepth);
        var pool = ArrayPool<float>.Shared;
        var copy = pool.Rent(pixels.Length);
        try
        {
            pixels.CopyTo(copy);
            int n = pixels.Length;
            // LibTiff reads back what it wrote when linking pages, so encode into memory first.
            using var ms = new MemoryStream();
            TiffCodec.Encode(ms, copy.AsSpan(0, n), channels, height, width, bitDepth);
            AtomicFile.Write(path, s => { ms.Position = 0; ms.CopyTo(s); });
        }
        finally
        {
            pool.Return(copy);
        }
    }

    /// <summary>
    /// Writes <paramref name="image"/> as the official Cell-DINO single-cell strip: one grayscale PNG
    /// of size H × (C·W) with the channels tiled left to right.
    /// </summary>
    public static void WriteChannelStrip(string path, MicroscopyImage image, int? bitDepth = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        int c = image.Channels, h = image.Height, w = image.Width, stripW = c * w;
        var pool = ArrayPool<float>.Shared;
        var strip = pool.Rent(c * h * w);
        try
        {
            for (int ch = 0; ch < c; ch++)
            {
                var src = image.Channel(ch);
                for (int y = 0; y < h; y++) src.Slice(y * w, w).CopyTo(strip.AsSpan(y * stripW + ch * w, w));
            }
            WritePng(path, strip.AsSpan(0, c * h * w), 1, h, stripW, bitDepth ?? image.BitDepth);
        }
        finally
        {
            pool.Return(strip);
        }
    }

    private static void Validate(ReadOnlySpan<float> pixels, int channels, int height, int width, int bitDepth)
    {
        if (bitDepth is not (8 or 16)) throw new ArgumentOutOfRangeException(nameof(bitDepth), $"Bit depth must be 8 or 16, got {bitDepth}.");
        if (channels <= 0 || height <= 0 || width <= 0) throw new ArgumentOutOfRangeException(nameof(channels), $"Shape must be positive, got {channels}x{height}x{width}.");
        if ((long)channels * height * width != pixels.Length)
            throw new ArgumentException($"Expected {channels}x{height}x{width} = {(long)channels * height * width} values, got {pixels.Length}.", nameof(pixels));
        float max = bitDepth == 8 ? 255f : 65535f;
        float lo = TensorPrimitives.Min(pixels), hi = TensorPrimitives.Max(pixels);
        // Writers take source units; normalized data must be rescaled explicitly rather than silently clipped.
        if (float.IsNaN(lo) || float.IsNaN(hi) || lo < -0.5f || hi > max + 0.5f)
            throw new ArgumentOutOfRangeException(nameof(pixels), $"Values must lie in 0..{max} for {bitDepth}-bit output, got {lo}..{hi}.");
    }

    // True for PNG, false for TIFF; anything else (or an empty/missing file) is a DataFormatException.
    private static bool SniffIsPng(string path)
    {
        Span<byte> head = stackalloc byte[8];
        int n;
        try
        {
            using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1);
            n = fs.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw OpenError(path, e);
        }
        if (n == 0) throw new DataFormatException(path, "the file is empty; expected a PNG or TIFF image.");
        if (PngHeader.HasSignature(head[..n])) return true;
        if (IsTiff(head[..n])) return false;
        throw new DataFormatException(path, "unrecognised image format; expected PNG or TIFF.");
    }

    private static DataFormatException OpenError(string path, Exception e) => e switch
    {
        FileNotFoundException => new DataFormatException(path, "file not found; expected an image file here.", inner: e),
        DirectoryNotFoundException => new DataFormatException(path, "directory not found; expected an image file here.", inner: e),
        _ => new DataFormatException(path, $"cannot read the file ({e.Message}).", inner: e),
    };

    private static bool IsTiff(ReadOnlySpan<byte> d) =>
        d.Length >= 4 && ((d[0] == 'I' && d[1] == 'I' && (d[2] == 42 || d[2] == 43) && d[3] == 0) || (d[0] == 'M' && d[1] == 'M' && d[2] == 0 && (d[3] == 42 || d[3] == 43)));

    private static (byte[] Buffer, int Length) ReadAllPooled(string path)
    {
        try
        {
            using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            long len = fs.Length;
            if (len == 0) throw new DataFormatException(path, "the file is empty; expected a PNG or TIFF image.");
            if (len > int.MaxValue) throw new DataFormatException(path, $"the file is {len} bytes; images above 2 GiB are not supported.");
            var buf = ArrayPool<byte>.Shared.Rent((int)len);
            try
            {
                fs.ReadExactly(buf, 0, (int)len);
            }
            catch
            {
                ArrayPool<byte>.Shared.Return(buf);
                throw;
            }
            return (buf, (int)len);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw OpenError(path, e);
        }
    }
}
