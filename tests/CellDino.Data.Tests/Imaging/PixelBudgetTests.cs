using CellDino.Data.Imaging;
using CellDino.TestSupport;
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

    private string ForgedPng(int width, int height) => HostileFiles.PngBomb(P($"forged_{width}x{height}.png"), width, height);

    private string ForgedTiff(int width, int height, int pages = 1) => HostileFiles.TiffBomb(P($"forged_{width}x{height}x{pages}.tif"), width, height, pages);

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
    public void AMultiPageTiffBombIsRefusedFromItsHeadersWithoutAllocating()
    {
        // Four pages (channels) of 20000² each: 1.6 billion samples, 6.4 GB as float32, from a file of a few KB.
        var path = ForgedTiff(20000, 20000, pages: 4);
        Assert.True(new FileInfo(path).Length < 4096);
        Assert.Equal(4, ImageIO.Identify(path).Channels);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var ex = Assert.Throws<DataFormatException>(() => ImageIO.Read(path));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 16 << 20, "nothing sized by the header may be allocated");
        Assert.Equal(path, ex.FilePath);
        Assert.Contains("20000x20000 pixels x 4 channel(s)", ex.Message);
        Assert.Throws<DataFormatException>(() => ImageIO.Verify(path));
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
