using CellDino.Data.Imaging;
using CellDino.Data.Samples;

namespace CellDino.Data.Tests.Imaging;

public class ImageIOTests
{
    private static float[] Ramp(int n, float scale, float offset = 0) => Enumerable.Range(0, n).Select(i => offset + (i * scale)).ToArray();

    [Fact]
    public void Png8_grayscale_round_trips_exactly()
    {
        using var dir = new TempDir();
        var px = Enumerable.Range(0, 6 * 5).Select(i => (float)((i * 37) % 256)).ToArray();
        ImageIO.WritePng(dir.File("a.png"), px, 6, 5, 8);
        var img = ImageIO.Read(dir.File("a.png"));
        Assert.Equal((1, 6, 5, 8), (img.Channels, img.Height, img.Width, img.BitDepth));
        Assert.Equal(px, img.Pixels);
    }

    [Fact]
    public void Png16_keeps_full_range_65535_and_1234()
    {
        using var dir = new TempDir();
        float[] px = [0, 1234, 65535, 1, 40000, 65534];
        ImageIO.WritePng(dir.File("b.png"), px, 2, 3, 16);
        var img = ImageIO.ReadGrayscale(dir.File("b.png"));
        Assert.Equal(16, img.BitDepth);
        Assert.Equal(px, img.Pixels);
        var mi = img.ToMicroscopyImage(["protein"]);
        Assert.Equal(65535f, mi.SourceMax);
    }

    [Fact]
    public void Tiff16_multipage_pages_become_channels_and_keep_range()
    {
        using var dir = new TempDir();
        int c = 3, h = 7, w = 9;
        var px = Ramp(c * h * w, 331f);
        px[0] = 65535;
        px[1] = 1234;
        ImageIO.WriteTiff(dir.File("m.tif"), px, c, h, w, 16);
        var img = ImageIO.Read(dir.File("m.tif"));
        Assert.Equal((3, 7, 9, 16), (img.Channels, img.Height, img.Width, img.BitDepth));
        Assert.Equal(px, img.Pixels);
        Assert.Equal(new ImageFileInfo("tiff", 9, 7, 3, 16), ImageIO.Identify(dir.File("m.tif")));
    }

    [Fact]
    public void Tiff8_single_page_round_trips()
    {
        using var dir = new TempDir();
        var px = Enumerable.Range(0, 4 * 4).Select(i => (float)(i * 16)).ToArray();
        ImageIO.WriteTiff(dir.File("s.tiff"), px, 1, 4, 4, 8);
        var img = ImageIO.Read(dir.File("s.tiff"));
        Assert.Equal(8, img.BitDepth);
        Assert.Equal(px, img.Pixels);
    }

    [Theory]
    [InlineData(8)]
    [InlineData(16)]
    public void Rgba_png_splits_into_four_channel_planes_in_order(int bits)
    {
        using var dir = new TempDir();
        int h = 3, w = 4, plane = h * w;
        float max = bits == 8 ? 255 : 65535;
        var px = new float[4 * plane];
        for (int c = 0; c < 4; c++)
            for (int i = 0; i < plane; i++) px[c * plane + i] = (c * 50 + i) % (max + 1);
        px[3 * plane] = max;
        ImageIO.WritePng(dir.File("rgba.png"), px, 4, h, w, bits);
        var img = ImageIO.Read(dir.File("rgba.png"));
        Assert.Equal((4, bits), (img.Channels, img.BitDepth));
        Assert.Equal(px, img.Pixels);
        Assert.Equal(new ImageFileInfo("png", w, h, 4, bits), ImageIO.Identify(dir.File("rgba.png")));
    }

    [Fact]
    public void Rgb_png_gives_three_channels()
    {
        using var dir = new TempDir();
        var px = Ramp(3 * 2 * 2, 20);
        ImageIO.WritePng(dir.File("rgb.png"), px, 3, 2, 2, 8);
        var img = ImageIO.Read(dir.File("rgb.png"));
        Assert.Equal(3, img.Channels);
        Assert.Equal(px, img.Pixels);
    }

    [Fact]
    public void ReadChannels_stacks_files_and_rejects_size_mismatch_naming_the_file()
    {
        using var dir = new TempDir();
        ImageIO.WritePng(dir.File("r.png"), Ramp(4, 1), 2, 2, 8);
        ImageIO.WritePng(dir.File("g.png"), Ramp(4, 2), 2, 2, 8);
        ImageIO.WritePng(dir.File("big.png"), Ramp(9, 1), 3, 3, 8);
        var img = ImageIO.ReadChannels([dir.File("r.png"), dir.File("g.png")]);
        Assert.Equal([0, 1, 2, 3, 0, 2, 4, 6], img.Pixels);
        var ex = Assert.Throws<DataFormatException>(() => ImageIO.ReadChannels([dir.File("r.png"), dir.File("big.png")]));
        Assert.Equal(dir.File("big.png"), ex.FilePath);
        Assert.Contains("3x3", ex.Message);
        Assert.Contains("2x2", ex.Message);
    }

    [Fact]
    public void ReadChannels_rejects_bit_depth_mismatch()
    {
        using var dir = new TempDir();
        ImageIO.WritePng(dir.File("a.png"), Ramp(4, 1), 2, 2, 8);
        ImageIO.WritePng(dir.File("b.png"), Ramp(4, 1), 2, 2, 16);
        var ex = Assert.Throws<DataFormatException>(() => ImageIO.ReadChannels([dir.File("a.png"), dir.File("b.png")]));
        Assert.Contains("bit depth", ex.Message);
    }

    [Fact]
    public void Writers_reject_values_outside_the_bit_depth_instead_of_clipping()
    {
        using var dir = new TempDir();
        Assert.Throws<ArgumentOutOfRangeException>(() => ImageIO.WritePng(dir.File("x.png"), [0f, 256f], 1, 2, 8));
        Assert.Throws<ArgumentOutOfRangeException>(() => ImageIO.WriteTiff(dir.File("x.tif"), [-3f, 2f], 1, 1, 2, 16));
        Assert.Throws<ArgumentOutOfRangeException>(() => ImageIO.WritePng(dir.File("x.png"), [float.NaN, 2f], 1, 2, 16));
        Assert.False(File.Exists(dir.File("x.png")));
    }

    [Fact]
    public void Channel_strip_tiles_channels_left_to_right()
    {
        using var dir = new TempDir();
        int h = 2;
        var px = new float[] { 1, 2, 3, 4, 10, 20, 30, 40, 100, 101, 102, 103 };
        var image = new MicroscopyImage(["a", "b", "c"], h, h, px, 8);
        ImageIO.WriteChannelStrip(dir.File("strip.png"), image);
        var strip = ImageIO.ReadGrayscale(dir.File("strip.png"));
        Assert.Equal((2, 6), (strip.Height, strip.Width));
        // Row 0: a(0,0) a(0,1) | b(0,0) b(0,1) | c(0,0) c(0,1)
        Assert.Equal([1, 2, 10, 20, 100, 101, 3, 4, 30, 40, 102, 103], strip.Pixels);
    }

    [Fact]
    public void Real_cellpainting_tiffs_decode_with_documented_size_and_range()
    {
        var dir = Path.Combine(TestSupport.Fixtures.RealDataDir, "cellpainting-pccma-daoy", "images");
        if (!Directory.Exists(dir)) return;
        // PROVENANCE.md: ch4 is uncompressed, min 1933, max 65535 (saturated); ch5 is LZW, min 174, max 28340, mean 998.5.
        var ch4 = ImageIO.Read(Path.Combine(dir, "r03c03f03p01-ch4sk1fk1fl1.tiff"));
        Assert.Equal((1, 1080, 1080, 16), (ch4.Channels, ch4.Height, ch4.Width, ch4.BitDepth));
        Assert.Equal(1933f, ch4.Pixels.Min());
        Assert.Equal(65535f, ch4.Pixels.Max());
        var ch5 = ImageIO.Read(Path.Combine(dir, "r03c03f03p01-ch5sk1fk1fl1.tiff"));
        Assert.Equal(174f, ch5.Pixels.Min());
        Assert.Equal(28340f, ch5.Pixels.Max());
        Assert.Equal(998.5, ch5.Pixels.Average(), 0.1);
    }

    [Fact]
    public void Real_hpa_green_png_is_8bit_512()
    {
        var file = Path.Combine(TestSupport.Fixtures.RealDataDir, "hpa-kaggle2018-green", "train", "0fa556f8-bbab-11e8-b2ba-ac1f6b6435d0_green.png");
        if (!File.Exists(file)) return;
        var img = ImageIO.Read(file);
        Assert.Equal((1, 512, 512, 8), (img.Channels, img.Height, img.Width, img.BitDepth));
        float max = img.Pixels.Max();
        Assert.InRange(max, 127f, 255f);
        Assert.Equal(new ImageFileInfo("png", 512, 512, 1, 8), ImageIO.Identify(file));
    }
}
