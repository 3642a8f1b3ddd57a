using System.Buffers.Binary;
using CellDino.Data.Imaging;
using CellDino.Data.Readers;
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

    [Fact]
    public void A_tiff_whose_page_chain_loops_back_is_a_DataFormatException_naming_the_file()
    {
        using var dir = new TempDir();
        ImageIO.WriteTiff(dir.File("t.tif"), new float[2 * 8 * 8], 2, 8, 8, 16);
        var bytes = File.ReadAllBytes(dir.File("t.tif"));
        Assert.Equal((byte)'I', bytes[0]); // little-endian, as CellDino writes
        // Walk the IFD chain to the last page and point its "next IFD" back at the first page.
        uint first = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(4)), ifd = first;
        int nextAt;
        while (true)
        {
            int entries = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan((int)ifd));
            nextAt = (int)ifd + 2 + 12 * entries;
            uint next = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(nextAt));
            if (next == 0) break;
            ifd = next;
        }
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(nextAt), first);
        File.WriteAllBytes(dir.File("loop.tif"), bytes);
        foreach (var read in new Action[] { () => ImageIO.Read(dir.File("loop.tif")), () => ImageIO.Identify(dir.File("loop.tif")) })
        {
            var ex = Assert.Throws<DataFormatException>(read);
            Assert.Equal(dir.File("loop.tif"), ex.FilePath);
        }
    }

    [Fact]
    public void A_csv_that_is_not_utf8_names_the_file_row_and_byte_instead_of_a_mangled_file_name()
    {
        using var dir = new TempDir();
        // Latin-1 "é" (0xE9) in an id: decoded as UTF-8 it would become U+FFFD and be reported later as a missing file.
        File.WriteAllBytes(dir.File("train.csv"), [.. "Id,Target\nok,0\ncaf"u8, 0xE9, .. ",1\n"u8]);
        var ex = Assert.Throws<DataFormatException>(() => CellDino.Data.Csv.CsvTable.Read(dir.File("train.csv")));
        Assert.Equal(dir.File("train.csv"), ex.FilePath);
        Assert.Equal(3, ex.Row);
        Assert.Contains("UTF-8", ex.Message);
    }

    [Fact]
    public void A_header_only_labels_csv_names_the_file()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("train.csv"), "Id,Target\n");
        var ex = Assert.Throws<DataFormatException>(() => new CellDino.Data.Readers.HpaKaggleDataset(dir.Path, dir.File("train.csv")));
        Assert.Equal(dir.File("train.csv"), ex.FilePath);
        Assert.Contains("no data rows", ex.Message);
    }

    [Fact]
    public void A_valid_header_over_corrupt_pixel_data_passes_Identify_and_fails_Verify_and_verified_indexing()
    {
        using var dir = new TempDir();
        ImageIO.WritePng(dir.File("p.png"), new float[16 * 16], 16, 16, 8);
        CellDino.TestSupport.HostileFiles.CorruptPngData(dir.File("p.png"));
        // A TIFF whose strip lies past the end of the file: its tags are all valid.
        ImageIO.WriteTiff(dir.File("t.tif"), new float[8 * 8], 1, 8, 8, 16);
        var bytes = File.ReadAllBytes(dir.File("t.tif"));
        int ifd = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(4));
        for (int e = 0, n = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(ifd)); e < n; e++)
            if (BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(ifd + 2 + 12 * e)) == 273) // StripOffsets, one strip
                BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(ifd + 2 + 12 * e + 8), bytes.Length + 4096);
        File.WriteAllBytes(dir.File("t.tif"), bytes);

        foreach (var file in new[] { dir.File("p.png"), dir.File("t.tif") })
        {
            Assert.Equal(file.EndsWith(".png", StringComparison.Ordinal) ? 16 : 8, ImageIO.Identify(file).Width);
            var ex = Assert.Throws<DataFormatException>(() => ImageIO.Verify(file));
            Assert.Equal(file, ex.FilePath);
        }
        // The same through a reader that verifies while indexing: skipped and reported, not kept for Get to fail on.
        File.Move(dir.File("t.tif"), dir.File("folder_t.tif"));
        Directory.CreateDirectory(dir.File("tiffs"));
        File.Move(dir.File("folder_t.tif"), dir.File("tiffs/bad.tif"));
        ImageIO.WriteTiff(dir.File("tiffs/good.tif"), new float[8 * 8], 1, 8, 8, 16);
        var ds = new TiffFolderDataset(dir.File("tiffs"), new TiffFolderOptions { BadInput = BadInputPolicy.SkipAndReport, VerifyImages = true });
        Assert.Equal("good", ds.GetMetadata(0).Id);
        Assert.Equal(1, ds.Count);
        Assert.Equal(dir.File("tiffs/bad.tif"), Assert.Single(ds.Problems).FilePath);
    }
}
