using System.Buffers.Binary;
using System.Text;
using CellDino.Data.Imaging;
using Xunit;

namespace CellDino.Data.Tests.Imaging;

/// <summary>
/// Files whose header declares a huge image (deflate bombs: a 1.5 MB PNG of 40000², a 100000² TIFF) are refused from the
/// header, before any pixel memory is allocated, with one message naming the file, its size and the limit.
/// </summary>
[Collection(GlobalImageBudget.Name)] // changes the process-wide budget: never alongside other tests
public sealed class PixelBudgetTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("celldino-budget-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private string P(string name) => Path.Combine(_dir, name);

    /// <summary>A valid 8x8 PNG whose IHDR is rewritten to declare <paramref name="width"/>x<paramref name="height"/> (CRC fixed).</summary>
    private string ForgedPng(int width, int height)
    {
        var path = P($"forged_{width}x{height}.png");
        ImageIO.WritePng(path, new float[64], 8, 8, 8);
        var bytes = File.ReadAllBytes(path);
        int ihdr = 8; // after the signature: length(4) "IHDR"(4) data(13) crc(4)
        Assert.Equal("IHDR", Encoding.ASCII.GetString(bytes, ihdr + 4, 4));
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(ihdr + 8), width);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(ihdr + 12), height);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(ihdr + 21), Crc32.Compute(bytes.AsSpan(ihdr + 4, 17)));
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>A valid 8x8 TIFF whose ImageWidth/ImageLength tags are rewritten as LONGs declaring a huge size.</summary>
    private string ForgedTiff(int width, int height)
    {
        var path = P($"forged_{width}x{height}.tif");
        ImageIO.WriteTiff(path, new float[64], 1, 8, 8, 16);
        var bytes = File.ReadAllBytes(path);
        Assert.Equal((byte)'I', bytes[0]); // little-endian, as LibTiff writes on x64
        int ifd = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(4));
        int entries = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(ifd));
        for (int e = 0; e < entries; e++)
        {
            int at = ifd + 2 + 12 * e;
            int tag = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(at));
            if (tag is not (256 or 257)) continue;
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(at + 2), 4); // LONG
            BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(at + 4), 1);
            BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(at + 8), tag == 256 ? width : height);
        }
        File.WriteAllBytes(path, bytes);
        return path;
    }

    [Theory]
    [InlineData("png", 40000, 40000)]
    [InlineData("tiff", 100000, 100000)]
    [InlineData("tiff", 65536, 65536)]
    public void AHugeDeclaredSizeIsRefusedFromTheHeaderWithoutAllocating(string kind, int width, int height)
    {
        var path = kind == "png" ? ForgedPng(width, height) : ForgedTiff(width, height);
        Assert.True(new FileInfo(path).Length < 4096);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var ex = Assert.Throws<DataFormatException>(() => ImageIO.Read(path));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 16 << 20, "nothing sized by the header may be allocated");
        Assert.Contains(Path.GetFileName(path), ex.Message);
        Assert.Contains($"{width}x{height}", ex.Message);
        Assert.Contains("ImageIO.MaxSamplesPerImage", ex.Message);
        // Identify reads only the header and still describes the file.
        Assert.Equal(width, ImageIO.Identify(path).Width);
    }

    [Fact]
    public void TheBudgetIsConfigurableAndCoversChannelFilesTogether()
    {
        var red = P("x_red.png");
        var green = P("x_green.png");
        ImageIO.WritePng(red, new float[32 * 32], 32, 32, 8);
        ImageIO.WritePng(green, new float[32 * 32], 32, 32, 8);
        long saved = ImageIO.MaxSamplesPerImage;
        try
        {
            ImageIO.MaxSamplesPerImage = 32 * 32 * 2;
            Assert.Equal(2, ImageIO.ReadChannels([red, green]).Channels);
            ImageIO.MaxSamplesPerImage = 32 * 32 + 1;
            Assert.Equal(1, ImageIO.Read(red).Channels);
            var ex = Assert.Throws<DataFormatException>(() => ImageIO.ReadChannels([red, green]));
            Assert.Contains("x 2 channel(s)", ex.Message);
            Assert.Throws<ArgumentOutOfRangeException>(() => ImageIO.MaxSamplesPerImage = 0);
        }
        finally
        {
            ImageIO.MaxSamplesPerImage = saved;
        }
    }
}

/// <summary>Tests that change <see cref="ImageIO.MaxSamplesPerImage"/> run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class GlobalImageBudget
{
    /// <summary>The collection's name.</summary>
    public const string Name = "global image budget";
}
