using CellDino.Data.Imaging;
using CellDino.Data.Readers;
using CellDino.Data.Samples;
using CellDino.Data.Tests.Imaging;

namespace CellDino.Data.Tests.Readers;

public class CellDinoPngDatasetTests
{
    private static MicroscopyImage Image(int channels, int size, float baseValue, int bits = 8)
    {
        var px = new float[channels * size * size];
        for (int c = 0; c < channels; c++)
            for (int i = 0; i < size * size; i++) px[c * size * size + i] = baseValue + 10 * c + i;
        return new MicroscopyImage(Enumerable.Range(0, channels).Select(c => $"c{c}").ToArray(), size, size, px, bits);
    }

    [Fact]
    public void Rgba_fov_pngs_listed_in_a_csv_load_with_labels_and_extra_columns()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir.File("imgs"));
        var a = Image(4, 3, 0);
        var b = Image(4, 3, 100, 16);
        ImageIO.WritePng(dir.File("imgs/a.png"), a);
        ImageIO.WritePng(dir.File("imgs/b.png"), b);
        File.WriteAllText(dir.File("list.csv"), "file,labels,cell_line,plate\nimgs/a.png,0|25,U-2 OS,p1\nimgs/b.png,27,HeLa,p2\n");
        var ds = new CellDinoPngDataset(dir.File("list.csv"), CellDinoPngOptions.HpaFov with { LabelsColumn = "labels", ClassNames = HpaClasses.Names, CellLineColumn = "cell_line" });
        Assert.Equal(2, ds.Count);
        Assert.Equal(["microtubules", "protein", "nucleus", "er"], ds.ChannelNames);
        var m = ds.GetMetadata(0);
        Assert.Equal(("a", "U-2 OS", "p1"), (m.Id, m.CellLine, m.Extra["plate"]));
        Assert.Equal([0, 25], m.Labels);
        Assert.Equal(a.Pixels, ds.Get(0).Image.Pixels);
        var img = ds.Get(1).Image;
        Assert.Equal(16, img.BitDepth);
        Assert.Equal(b.Pixels, img.Pixels);
    }

    [Fact]
    public void Cell_painting_strips_untile_into_five_channels_in_order()
    {
        using var dir = new TempDir();
        var cell = Image(5, 4, 0);
        ImageIO.WriteChannelStrip(dir.File("cell.png"), cell);
        Assert.Equal(new ImageFileInfo("png", 20, 4, 1, 8), ImageIO.Identify(dir.File("cell.png")));
        File.WriteAllText(dir.File("cells.csv"), "id,file\nc1,cell.png\n");
        var ds = new CellDinoPngDataset(dir.File("cells.csv"), CellDinoPngOptions.CellPainting with { IdColumn = "id" });
        Assert.Equal(["DNA", "RNA", "ER", "AGP", "Mito"], ds.ChannelNames);
        var img = ds.Get(0).Image;
        Assert.Equal("c1", ds.GetMetadata(0).Id);
        Assert.Equal((5, 4, 4), (img.Channels, img.Height, img.Width));
        Assert.Equal(cell.Pixels, img.Pixels);
    }

    [Fact]
    public void Wrong_strip_width_or_channel_count_names_the_file()
    {
        using var dir = new TempDir();
        ImageIO.WriteChannelStrip(dir.File("three.png"), Image(3, 4, 0));
        ImageIO.WritePng(dir.File("rgb.png"), Image(3, 4, 0));
        File.WriteAllText(dir.File("a.csv"), "file\nthree.png\n");
        var strips = new CellDinoPngDataset(dir.File("a.csv"), CellDinoPngOptions.HpaSingleCell);
        var ex = Assert.Throws<DataFormatException>(() => strips.Get(0));
        Assert.Equal(dir.File("three.png"), ex.FilePath);
        Assert.Contains("width 4×4 = 16", ex.Message);
        File.WriteAllText(dir.File("b.csv"), "file\nrgb.png\nmissing.png\n");
        var verified = new CellDinoPngDataset(dir.File("b.csv"), CellDinoPngOptions.HpaFov with { VerifyImages = true, BadInput = BadInputPolicy.SkipAndReport });
        Assert.Equal(0, verified.Count);
        Assert.Equal([dir.File("rgb.png"), dir.File("missing.png")], verified.Problems.Select(p => p.FilePath));
        Assert.Contains("expected 4 channels", verified.Problems[0].Reason);
    }

    [Fact]
    public void A_file_listed_twice_is_an_error_naming_both_rows()
    {
        using var dir = new TempDir();
        ImageIO.WritePng(dir.File("a.png"), Image(4, 3, 0));
        ImageIO.WritePng(dir.File("b.png"), Image(4, 3, 50));
        File.WriteAllText(dir.File("list.csv"), "file\na.png\nb.png\na.png\n");
        var ex = Assert.Throws<DataFormatException>(() => new CellDinoPngDataset(dir.File("list.csv"), CellDinoPngOptions.HpaFov));
        Assert.Equal(4, ex.Row);
        Assert.Contains("sample id 'a' appears twice, in rows 2 and 4", ex.Message);
        var ds = new CellDinoPngDataset(dir.File("list.csv"), CellDinoPngOptions.HpaFov with { BadInput = BadInputPolicy.SkipAndReport });
        Assert.Equal(2, ds.Count);
        Assert.Equal(4, Assert.Single(ds.Problems).Row);
    }
}
