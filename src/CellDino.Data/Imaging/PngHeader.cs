using System.Buffers.Binary;

namespace CellDino.Data.Imaging;

/// <summary>
/// Checks a PNG file's chunk structure before decoding: signature, IHDR first, every chunk inside
/// the file with a correct CRC, IDAT present, IEND last. ImageSharp tolerates some truncations by
/// filling with zeros; checking here turns those into clear errors.
/// </summary>
internal readonly record struct PngHeader(int Width, int Height, int BitDepth, int ColorType)
{
    private static ReadOnlySpan<byte> Signature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>True when <paramref name="data"/> starts with the PNG signature.</summary>
    public static bool HasSignature(ReadOnlySpan<byte> data) => data.Length >= 8 && data[..8].SequenceEqual(Signature);

    /// <summary>Samples per pixel for the colour type (0 gray, 2 RGB, 3 palette, 4 gray+alpha, 6 RGBA).</summary>
    public int Components => ColorType switch { 0 => 1, 2 => 3, 3 => 1, 4 => 2, 6 => 4, _ => 0 };

    /// <summary>Validates the structure of <paramref name="data"/> and returns its IHDR; throws <see cref="DataFormatException"/> for <paramref name="path"/>.</summary>
    public static PngHeader Validate(string path, ReadOnlySpan<byte> data, bool checkCrc = true)
    {
        if (!HasSignature(data)) throw new DataFormatException(path, "not a PNG file (bad signature).");
        int pos = 8;
        PngHeader? header = null;
        bool sawIdat = false, sawEnd = false;
        while (pos < data.Length)
        {
            if (data.Length - pos < 12) throw new DataFormatException(path, $"truncated PNG: chunk header at byte {pos} is cut off; expected a complete file ending in IEND.");
            uint length = BinaryPrimitives.ReadUInt32BigEndian(data[pos..]);
            if (length > int.MaxValue || length > (uint)(data.Length - pos - 12))
                throw new DataFormatException(path, $"truncated or corrupt PNG: chunk at byte {pos} claims {length} bytes but the file has {data.Length - pos - 12} left.");
            var typeAndData = data.Slice(pos + 4, 4 + (int)length);
            var type = typeAndData[..4];
            if (checkCrc)
            {
                uint stored = BinaryPrimitives.ReadUInt32BigEndian(data[(pos + 8 + (int)length)..]);
                if (Crc32.Compute(typeAndData) != stored)
                    throw new DataFormatException(path, $"corrupt PNG: CRC mismatch in chunk '{System.Text.Encoding.ASCII.GetString(type)}' at byte {pos}.");
            }
            if (header is null)
            {
                if (!type.SequenceEqual("IHDR"u8) || length != 13) throw new DataFormatException(path, "corrupt PNG: the first chunk must be a 13-byte IHDR.");
                var d = typeAndData[4..];
                int w = (int)BinaryPrimitives.ReadUInt32BigEndian(d), h = (int)BinaryPrimitives.ReadUInt32BigEndian(d[4..]);
                if (w <= 0 || h <= 0) throw new DataFormatException(path, $"corrupt PNG: image size {w}x{h}.");
                header = new PngHeader(w, h, d[8], d[9]);
            }
            else if (type.SequenceEqual("IDAT"u8)) sawIdat = true;
            else if (type.SequenceEqual("IEND"u8)) { sawEnd = true; break; }
            pos += 12 + (int)length;
        }
        if (header is null) throw new DataFormatException(path, "truncated PNG: no IHDR chunk.");
        if (!sawIdat) throw new DataFormatException(path, "truncated PNG: no image data (IDAT) chunk.");
        if (!sawEnd) throw new DataFormatException(path, "truncated PNG: the file ends before the IEND chunk.");
        return header.Value;
    }
}
