using BitMiracle.LibTiff.Classic;
using CellDino.Core;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;

namespace CellDino.Data.Synthetic;

/// <summary>Atomic single-plane grayscale writers (8/16-bit PNG via ImageSharp, 16-bit TIFF via LibTiff.NET).</summary>
internal static class GrayscaleFiles
{
    /// <summary>Writes a plane of 16-bit counts as a PNG, either 16-bit or scaled to 8-bit (v / 257, rounded).</summary>
    public static void WritePng(string path, ReadOnlySpan<float> plane, int height, int width, int bitDepth)
    {
        if (bitDepth is not (8 or 16)) throw new ArgumentOutOfRangeException(nameof(bitDepth), $"PNG bit depth must be 8 or 16, got {bitDepth}.");
        if (bitDepth == 16)
        {
            var px = new L16[plane.Length];
            for (int i = 0; i < px.Length; i++) px[i] = new L16(ToUInt16(plane[i]));
            using var img = Image.LoadPixelData<L16>(px, width, height);
            AtomicFile.Write(path, s => img.Save(s, new PngEncoder { BitDepth = PngBitDepth.Bit16, ColorType = PngColorType.Grayscale }));
        }
        else
        {
            var px = new L8[plane.Length];
            for (int i = 0; i < px.Length; i++) px[i] = new L8((byte)MathF.Round(Math.Clamp(plane[i], 0f, 65535f) / 257f));
            using var img = Image.LoadPixelData<L8>(px, width, height);
            AtomicFile.Write(path, s => img.Save(s, new PngEncoder { BitDepth = PngBitDepth.Bit8, ColorType = PngColorType.Grayscale }));
        }
    }

    /// <summary>Writes an instance mask as a 16-bit PNG (ids above 65535 are rejected).</summary>
    public static void WriteMaskPng(string path, ReadOnlySpan<int> mask, int height, int width)
    {
        var px = new L16[mask.Length];
        for (int i = 0; i < px.Length; i++)
        {
            if ((uint)mask[i] > ushort.MaxValue) throw new ArgumentException($"Mask id {mask[i]} does not fit a 16-bit PNG ({path}).", nameof(mask));
            px[i] = new L16((ushort)mask[i]);
        }
        using var img = Image.LoadPixelData<L16>(px, width, height);
        AtomicFile.Write(path, s => img.Save(s, new PngEncoder { BitDepth = PngBitDepth.Bit16, ColorType = PngColorType.Grayscale }));
    }

    /// <summary>Writes a plane of 16-bit counts as an uncompressed 16-bit grayscale TIFF.</summary>
    public static void WriteTiff16(string path, ReadOnlySpan<float> plane, int height, int width)
    {
        var bytes = new byte[plane.Length * 2];
        for (int i = 0; i < plane.Length; i++)
        {
            ushort v = ToUInt16(plane[i]);
            bytes[2 * i] = (byte)v;
            bytes[2 * i + 1] = (byte)(v >> 8);
        }
        // LibTiff closes the stream it writes to, so encode in memory and copy into the atomic file.
        var ms = new MemoryStream();
        using (var tif = Tiff.ClientOpen(path, "w", ms, new TiffStream())
            ?? throw new IOException($"LibTiff could not open an in-memory TIFF for {path}."))
        {
            tif.SetField(TiffTag.IMAGEWIDTH, width);
            tif.SetField(TiffTag.IMAGELENGTH, height);
            tif.SetField(TiffTag.BITSPERSAMPLE, 16);
            tif.SetField(TiffTag.SAMPLESPERPIXEL, 1);
            tif.SetField(TiffTag.SAMPLEFORMAT, SampleFormat.UINT);
            tif.SetField(TiffTag.PHOTOMETRIC, Photometric.MINISBLACK);
            tif.SetField(TiffTag.PLANARCONFIG, PlanarConfig.CONTIG);
            tif.SetField(TiffTag.COMPRESSION, Compression.NONE);
            tif.SetField(TiffTag.ROWSPERSTRIP, height);
            for (int y = 0; y < height; y++)
            {
                if (!tif.WriteScanline(bytes, y * width * 2, y, 0))
                    throw new IOException($"LibTiff failed to write row {y} of {path}.");
            }
        }
        var data = ms.ToArray();
        AtomicFile.Write(path, s => s.Write(data));
    }

    private static ushort ToUInt16(float v) => (ushort)MathF.Round(Math.Clamp(v, 0f, 65535f));
}
