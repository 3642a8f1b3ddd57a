using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using CellDino.Core.Checkpoints;
using CellDino.Core.Models;
using CellDino.Data.Imaging;
using static TorchSharp.torch;

namespace CellDino.TestSupport;

/// <summary>
/// Small files that declare something huge (decompression bombs, forged lengths and configs), forged byte by byte so
/// that no large file is ever stored: what a reader must refuse from the header, before it allocates.
/// </summary>
public static class HostileFiles
{
    /// <summary>A valid 8x8 PNG whose IHDR is rewritten to declare <paramref name="width"/>x<paramref name="height"/> (CRC fixed).</summary>
    public static string PngBomb(string path, int width, int height)
    {
        ImageIO.WritePng(path, new float[64], 8, 8, 8);
        var bytes = File.ReadAllBytes(path);
        const int ihdr = 8; // after the signature: length(4) "IHDR"(4) data(13) crc(4)
        if (Encoding.ASCII.GetString(bytes, ihdr + 4, 4) != "IHDR") throw new InvalidOperationException("IHDR is not the first chunk.");
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(ihdr + 8), width);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(ihdr + 12), height);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(ihdr + 21), Crc32(bytes.AsSpan(ihdr + 4, 17)));
        File.WriteAllBytes(path, bytes);
        return path;
    }

    // PNG and zip share CRC-32 (ISO-HDLC): the zip writer computes it, so the tests need neither CellDino.Data's
    // internal one nor a copy of it.
    private static uint Crc32(ReadOnlySpan<byte> data)
    {
        using var buffer = new MemoryStream();
        using (var zip = new System.IO.Compression.ZipArchive(buffer, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        using (var entry = zip.CreateEntry("crc", System.IO.Compression.CompressionLevel.NoCompression).Open())
            entry.Write(data);
        using var read = new System.IO.Compression.ZipArchive(buffer, System.IO.Compression.ZipArchiveMode.Read);
        return read.Entries[0].Crc32;
    }

    /// <summary>
    /// A valid <paramref name="pages"/>-page 8x8 TIFF whose every page's ImageWidth/ImageLength tags are rewritten as
    /// LONGs declaring <paramref name="width"/>x<paramref name="height"/>.
    /// </summary>
    public static string TiffBomb(string path, int width, int height, int pages = 1)
    {
        ImageIO.WriteTiff(path, new float[64 * pages], pages, 8, 8, 16);
        var bytes = File.ReadAllBytes(path);
        if (bytes[0] != (byte)'I') throw new InvalidOperationException("expected a little-endian TIFF, as LibTiff writes on x64.");
        int forged = 0;
        for (uint ifd = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(4)); ifd != 0;)
        {
            int entries = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan((int)ifd));
            for (int e = 0; e < entries; e++)
            {
                int at = (int)ifd + 2 + 12 * e;
                int tag = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(at));
                if (tag is not (256 or 257)) continue;
                BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(at + 2), 4); // LONG
                BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(at + 4), 1);
                BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(at + 8), tag == 256 ? width : height);
            }
            forged++;
            ifd = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan((int)ifd + 2 + 12 * entries));
        }
        if (forged != pages) throw new InvalidOperationException($"forged {forged} pages, expected {pages}.");
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>
    /// A torch.save archive with one float storage of 6 elements whose zip entry <c>archive/data/0</c> is rewritten
    /// (local header and central directory) to declare <paramref name="declaredBytes"/> bytes.
    /// </summary>
    public static string PthWithForgedStorageLength(string path, uint declaredBytes)
    {
        var pickle = new PickleWriter().Proto().EmptyDict().Str("w").Tensor("FloatStorage", "0", declaredBytes / 4, 0, [declaredBytes / 4], [1]).SetItem().Stop();
        PickleWriter.WriteZip(path, pickle.ToArray(), new Dictionary<string, byte[]> { ["0"] = PickleWriter.Floats(0, 1, 2, 3, 4, 5) });
        ForgeZipEntryLength(path, "archive/data/0", declaredBytes);
        return path;
    }

    /// <summary>Rewrites a stored zip entry's compressed and uncompressed sizes, in its local header and the central directory.</summary>
    public static void ForgeZipEntryLength(string path, string entryName, uint declaredBytes)
    {
        var bytes = File.ReadAllBytes(path);
        int eocd = bytes.Length - 22;
        while (eocd >= 0 && BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(eocd)) != 0x06054b50) eocd--;
        if (eocd < 0) throw new InvalidOperationException("no end-of-central-directory record.");
        int count = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(eocd + 10));
        int at = (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(eocd + 16));
        for (int i = 0; i < count; i++)
        {
            int nameLength = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(at + 28));
            int extra = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(at + 30));
            int comment = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(at + 32));
            if (Encoding.UTF8.GetString(bytes, at + 46, nameLength) == entryName)
            {
                int local = (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at + 42));
                foreach (var offset in new[] { at + 20, at + 24, local + 18, local + 22 })
                    BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(offset), declaredBytes);
                File.WriteAllBytes(path, bytes);
                return;
            }
            at += 46 + nameLength + extra + comment;
        }
        throw new InvalidOperationException($"no entry '{entryName}' in {path}.");
    }

    /// <summary>
    /// A tiny ViT's weights (patch 8, 4 channels, 32 px) in safetensors, whose <c>celldino_vit_config</c> metadata
    /// declares <paramref name="declared"/> (e.g. a 150 GB model of dim 8192).
    /// </summary>
    public static string SafetensorsWithDeclaredConfig(string path, VitConfig declared) => Backbone(path, declared: declared);

    /// <summary>
    /// A ViT backbone of <paramref name="config"/> (default: tiny, patch 8, 4 channels, 32 px) initialised from
    /// <paramref name="seed"/>, written as CellDino exports it: safetensors with its <c>celldino_vit_config</c> metadata
    /// (<paramref name="declared"/> when given, to forge it).
    /// </summary>
    public static string Backbone(string path, long seed = 1, VitConfig? config = null, VitConfig? declared = null)
    {
        using var vit = new VisionTransformer(config ?? VitConfig.Tiny(8, 4), seed);
        var tensors = vit.named_parameters().Select(x => new KeyValuePair<string, Tensor>(x.name, x.parameter.detach())).ToList();
        SafeTensors.Write(path, tensors, new Dictionary<string, string> { ["format"] = "pt", ["celldino_vit_config"] = JsonSerializer.Serialize(declared ?? vit.Config) });
        return path;
    }

    /// <summary>Flips a byte of a PNG's first IDAT chunk (its CRC no longer matches): the header stays valid, the pixel data is corrupt.</summary>
    public static void CorruptPngData(string path)
    {
        var bytes = File.ReadAllBytes(path);
        int idat = Encoding.ASCII.GetString(bytes).IndexOf("IDAT", StringComparison.Ordinal);
        if (idat < 0) throw new InvalidOperationException($"{path} has no IDAT chunk.");
        bytes[idat + 4 + 2] ^= 0xFF;
        File.WriteAllBytes(path, bytes);
    }
}
