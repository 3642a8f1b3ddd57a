using System.Buffers.Binary;
using CellDino.Data.Imaging;
using CellDino.Data.Tests.Imaging;

namespace CellDino.Data.Tests.BadInput;

/// <summary>Damage that needs a freshly written file: corrupt deflate data behind a valid CRC, truncated TIFF strips.</summary>
public class GeneratedBadFileTests
{
    [Fact]
    public void Corrupt_deflate_data_with_a_valid_crc_is_a_DataFormatException()
    {
        using var dir = new TempDir();
        var rng = new Random(1);
        ImageIO.WritePng(dir.File("n.png"), Enumerable.Range(0, 32 * 32).Select(_ => (float)rng.Next(256)).ToArray(), 32, 32, 8);
        var bytes = File.ReadAllBytes(dir.File("n.png"));
        int idat = System.Text.Encoding.ASCII.GetString(bytes).IndexOf("IDAT", StringComparison.Ordinal);
        int len = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(idat - 4));
        // Garble the deflate stream (after its 2-byte zlib header), then repair the chunk CRC so only the decoder can notice.
        for (int i = idat + 4 + 2; i < idat + 4 + len - 4; i++) bytes[i] = 0xFF;
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(idat + 4 + len), Crc32.Compute(bytes.AsSpan(idat, 4 + len)));
        File.WriteAllBytes(dir.File("bad.png"), bytes);
        var ex = Assert.Throws<DataFormatException>(() => ImageIO.Read(dir.File("bad.png")));
        Assert.Equal(dir.File("bad.png"), ex.FilePath);
        Assert.Contains("cannot decode", ex.Message);
    }

    [Fact]
    public void Truncated_tiff_is_a_DataFormatException_naming_the_file()
    {
        using var dir = new TempDir();
        var rng = new Random(2);
        ImageIO.WriteTiff(dir.File("t.tif"), Enumerable.Range(0, 2 * 64 * 64).Select(_ => (float)rng.Next(65536)).ToArray(), 2, 64, 64, 16);
        var bytes = File.ReadAllBytes(dir.File("t.tif"));
        File.WriteAllBytes(dir.File("cut.tif"), bytes[..(bytes.Length / 2)]);
        var ex = Assert.Throws<DataFormatException>(() => ImageIO.Read(dir.File("cut.tif")));
        Assert.Equal(dir.File("cut.tif"), ex.FilePath);
        Assert.Contains("truncated or corrupt TIFF", ex.Message);
    }
}
