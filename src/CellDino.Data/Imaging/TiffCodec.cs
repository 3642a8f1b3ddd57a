using System.Buffers;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using BitMiracle.LibTiff.Classic;

namespace CellDino.Data.Imaging;

/// <summary>
/// TIFF decode/encode over LibTiff.NET: every page (directory) is one grayscale plane of 8 or 16
/// unsigned bits; strips of any compression libtiff knows (none, LZW, Deflate, PackBits).
/// ImageSharp 2.1 cannot encode 16-bit TIFF, hence LibTiff for both directions.
/// </summary>
internal static class TiffCodec
{
    public static ImageFileInfo Describe(string path)
    {
        using var tif = Open(path);
        var (w, h, bps) = ReadPageHeader(path, tif, 0);
        int pages = Pages(path, tif);
        return new ImageFileInfo("tiff", w, h, pages, bps);
    }

    public static PlaneImage Decode(string path)
    {
        using var tif = Open(path);
        int pages = Pages(path, tif);
        if (pages <= 0) throw new DataFormatException(path, "TIFF has no image pages.");
        var (w, h, bps) = ReadPageHeader(path, tif, 0);
        ImageIO.CheckBudget(path, w, h, pages); // before any pixel memory
        int plane = checked(w * h); // within the budget checked above; checked so a raised budget cannot wrap
        var pixels = new float[(long)plane * pages];
        for (int p = 0; p < pages; p++)
        {
            if (p > 0)
            {
                if (!tif.SetDirectory((short)p)) throw Fail(path, $"cannot read page {p} of {pages}");
                var (pw, ph, pb) = ReadPageHeader(path, tif, p);
                if (pw != w || ph != h || pb != bps)
                    throw new DataFormatException(path, $"page {p} is {pw}x{ph} at {pb} bits but page 0 is {w}x{h} at {bps} bits; all pages (channels) must match.");
            }
            int lineBytes = tif.ScanlineSize();
            long need = (long)w * bps / 8; // long: a wide page at 16 bits would wrap an int
            if (lineBytes < need) throw new DataFormatException(path, $"page {p}: scanline of {lineBytes} bytes is shorter than {need} for {w} samples of {bps} bits.");
            var line = ArrayPool<byte>.Shared.Rent(lineBytes);
            try
            {
                for (int y = 0; y < h; y++)
                {
                    if (!tif.ReadScanline(line, y)) throw Fail(path, $"truncated or corrupt TIFF: cannot read row {y} of page {p}");
                    var dst = pixels.AsSpan(checked((int)((long)p * plane + (long)y * w)), w);
                    if (bps == 8) TensorPrimitives.ConvertChecked<byte, float>(line.AsSpan(0, w), dst);
                    else TensorPrimitives.ConvertChecked<ushort, float>(MemoryMarshal.Cast<byte, ushort>(line.AsSpan(0, 2 * w)), dst);
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(line);
            }
        }
        return new PlaneImage(pages, h, w, bps, pixels);
    }

    private static Tiff Open(string path)
    {
        TiffErrorSink.EnsureInstalled();
        TiffErrorSink.TakeLastError();
        Tiff? tif;
        try
        {
            tif = Tiff.Open(path, "r");
        }
        catch (Exception e) when (e is IOException or ArgumentException or InvalidOperationException or IndexOutOfRangeException or NullReferenceException)
        {
            throw new DataFormatException(path, $"corrupt TIFF: cannot open ({e.Message}).", inner: e);
        }
        return tif ?? throw Fail(path, "truncated or corrupt TIFF: cannot read its first directory");
    }

    // LibTiff detects a page chain that loops back (a forged or damaged IFD offset) and throws without the file name.
    private static int Pages(string path, Tiff tif)
    {
        try
        {
            return tif.NumberOfDirectories();
        }
        catch (InvalidDataException e)
        {
            throw new DataFormatException(path, $"corrupt TIFF: its page (IFD) chain is broken ({e.Message}).", inner: e);
        }
    }

    private static DataFormatException Fail(string path, string what) =>
        new(path, TiffErrorSink.TakeLastError() is { } detail ? $"{what} ({detail})." : what + ".");

    private static (int Width, int Height, int BitsPerSample) ReadPageHeader(string path, Tiff tif, int page)
    {
        int w = Get(tif, TiffTag.IMAGEWIDTH, 0), h = Get(tif, TiffTag.IMAGELENGTH, 0);
        int bps = Get(tif, TiffTag.BITSPERSAMPLE, 1), spp = Get(tif, TiffTag.SAMPLESPERPIXEL, 1);
        int format = Get(tif, TiffTag.SAMPLEFORMAT, (int)SampleFormat.UINT);
        if (w <= 0 || h <= 0) throw new DataFormatException(path, $"page {page}: invalid size {w}x{h}.");
        if (spp != 1) throw new DataFormatException(path, $"page {page}: {spp} samples per pixel; expected one grayscale sample per page (channels as pages).");
        if (format != (int)SampleFormat.UINT || bps is not (8 or 16))
            throw new DataFormatException(path, $"page {page}: unsupported sample type ({bps}-bit {(SampleFormat)format}); expected 8- or 16-bit unsigned integers.");
        if (tif.IsTiled()) throw new DataFormatException(path, $"page {page}: tiled TIFF is not supported; expected strips.");
        return (w, h, bps);
    }

    private static int Get(Tiff tif, TiffTag tag, int fallback)
    {
        var v = tif.GetField(tag);
        return v is { Length: > 0 } ? v[0].ToInt() : fallback;
    }

    public static void Encode(Stream stream, ReadOnlySpan<float> pixels, int channels, int height, int width, int bitDepth)
    {
        TiffErrorSink.EnsureInstalled();
        using var tif = Tiff.ClientOpen("celldino.tiff", "w", stream, new LeaveOpenTiffStream())
                        ?? throw new IOException("LibTiff could not open the output stream.");
        int plane = height * width, bytesPerSample = bitDepth / 8;
        var line = ArrayPool<byte>.Shared.Rent(width * bytesPerSample);
        try
        {
            for (int c = 0; c < channels; c++)
            {
                tif.SetField(TiffTag.IMAGEWIDTH, width);
                tif.SetField(TiffTag.IMAGELENGTH, height);
                tif.SetField(TiffTag.BITSPERSAMPLE, bitDepth);
                tif.SetField(TiffTag.SAMPLESPERPIXEL, 1);
                tif.SetField(TiffTag.SAMPLEFORMAT, SampleFormat.UINT);
                tif.SetField(TiffTag.PHOTOMETRIC, Photometric.MINISBLACK);
                tif.SetField(TiffTag.PLANARCONFIG, PlanarConfig.CONTIG);
                tif.SetField(TiffTag.COMPRESSION, Compression.LZW);
                tif.SetField(TiffTag.ROWSPERSTRIP, Math.Max(1, 8192 / Math.Max(1, width * bytesPerSample)));
                if (channels > 1)
                {
                    tif.SetField(TiffTag.SUBFILETYPE, FileType.PAGE);
                    tif.SetField(TiffTag.PAGENUMBER, c, channels);
                }
                for (int y = 0; y < height; y++)
                {
                    var src = pixels.Slice(c * plane + y * width, width);
                    if (bitDepth == 8)
                        for (int x = 0; x < width; x++) line[x] = (byte)MathF.Round(src[x]);
                    else
                    {
                        var dst = MemoryMarshal.Cast<byte, ushort>(line.AsSpan(0, 2 * width));
                        for (int x = 0; x < width; x++) dst[x] = (ushort)MathF.Round(src[x]);
                    }
                    if (!tif.WriteScanline(line, y)) throw new IOException($"LibTiff failed to write row {y} of page {c}: {TiffErrorSink.TakeLastError()}");
                }
                if (!tif.WriteDirectory()) throw new IOException($"LibTiff failed to write page {c}: {TiffErrorSink.TakeLastError()}");
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(line);
        }
    }
}
