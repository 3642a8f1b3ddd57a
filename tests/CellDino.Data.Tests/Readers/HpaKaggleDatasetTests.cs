using CellDino.Data.Imaging;
using CellDino.Data.Readers;
using CellDino.Data.Tests.Imaging;

namespace CellDino.Data.Tests.Readers;

public class HpaKaggleDatasetTests
{
    private static void WriteId(TempDir dir, string id, int size, int bits, string ext, float baseValue)
    {
        string[] colors = ["red", "green", "blue", "yellow"];
        for (int c = 0; c < 4; c++)
        {
            var px = Enumerable.Repeat(baseValue + c, size * size).ToArray();
            var path = dir.File($"{id}_{colors[c]}{ext}");
            if (ext == ".png") ImageIO.WritePng(path, px, size, size, bits);
            else ImageIO.WriteTiff(path, px, 1, size, size, bits);
        }
    }

    [Fact]
    public void Reads_rgby_files_in_cell_dino_channel_order_with_labels()
    {
        using var dir = new TempDir();
        WriteId(dir, "a", 4, 8, ".png", 10);
        WriteId(dir, "b", 4, 16, ".tif", 60000);
        File.WriteAllText(dir.File("train.csv"), "Id,Target\na,7 1 2 0\nb,27\n");
        var ds = new HpaKaggleDataset(dir.Path, dir.File("train.csv"));
        Assert.Equal(2, ds.Count);
        Assert.Equal(["microtubules", "protein", "nucleus", "er"], ds.ChannelNames);
        Assert.Equal(28, ds.ClassNames.Count);
        Assert.Equal("Rods & rings", ds.ClassNames[27]);
        Assert.Equal([7, 1, 2, 0], ds.GetMetadata(0).Labels);
        var a = ds.Get(0).Image;
        Assert.Equal((4, 4, 4, 8), (a.Channels, a.Height, a.Width, a.BitDepth));
        for (int c = 0; c < 4; c++) Assert.All(a.Channel(c).ToArray(), v => Assert.Equal(10f + c, v));
        var b = ds.Get(1).Image;
        Assert.Equal(16, b.BitDepth);
        Assert.Equal(60003f, b.Channel(3)[0]);
        Assert.Empty(ds.Problems);
    }

    [Fact]
    public void Metadata_csv_beside_the_labels_gives_cell_line_and_plate_layout()
    {
        using var dir = new TempDir();
        WriteId(dir, "a", 4, 8, ".png", 10);
        WriteId(dir, "b", 4, 8, ".png", 20);
        File.WriteAllText(dir.File("train.csv"), "Id,Target\na,1\nb,2\n");
        File.WriteAllText(dir.File("metadata.csv"), "Id,CellLine,Plate,Well,Site\nb,A549,SYN0001,A02,3\na,U-2 OS,SYN0001,A01,1\n");
        var ds = new HpaKaggleDataset(dir.Path, dir.File("train.csv"));
        Assert.Equal(("U-2 OS", "SYN0001", "A01", (int?)1), (ds.GetMetadata(0).CellLine, ds.GetMetadata(0).Plate, ds.GetMetadata(0).Well, ds.GetMetadata(0).Site));
        Assert.Equal("A549", ds.GetMetadata(1).CellLine);
        Assert.Equal([2], ds.GetMetadata(1).Labels);
        File.WriteAllText(dir.File("metadata.csv"), "Id,Site\na,first\n");
        Assert.Contains("'Site' must be an integer", Assert.Throws<DataFormatException>(() => new HpaKaggleDataset(dir.Path, dir.File("train.csv"))).Message);
        var missing = new HpaKaggleOptions { MetadataCsv = dir.File("nope.csv") };
        Assert.Throws<DataFormatException>(() => new HpaKaggleDataset(dir.Path, dir.File("train.csv"), missing));
    }

    [Fact]
    public void A_duplicate_id_names_both_rows_and_is_never_indexed_twice()
    {
        using var dir = new TempDir();
        WriteId(dir, "a", 4, 8, ".png", 10);
        WriteId(dir, "b", 4, 8, ".png", 20);
        File.WriteAllText(dir.File("train.csv"), "Id,Target\na,1\nb,2\na,3\n");
        var ex = Assert.Throws<DataFormatException>(() => new HpaKaggleDataset(dir.Path, dir.File("train.csv")));
        Assert.Contains("'a' appears twice, in rows 2 and 4", ex.Message);
        Assert.Contains("train.csv", ex.Message);
        var skipping = new HpaKaggleDataset(dir.Path, dir.File("train.csv"), new HpaKaggleOptions { BadInput = BadInputPolicy.SkipAndReport });
        Assert.Equal(2, skipping.Count);
        Assert.Equal([1], skipping.GetMetadata(0).Labels); // the first row wins; the duplicate is reported
        Assert.Single(skipping.Problems);
    }

    [Fact]
    public void Without_labels_scans_the_folder_and_can_load_one_colour()
    {
        using var dir = new TempDir();
        WriteId(dir, "z", 2, 8, ".png", 1);
        WriteId(dir, "y", 2, 8, ".png", 5);
        var ds = new HpaKaggleDataset(dir.Path, null, new HpaKaggleOptions { Colors = ["green"] });
        Assert.Equal(["y", "z"], new[] { ds.GetMetadata(0).Id, ds.GetMetadata(1).Id });
        Assert.Equal(["protein"], ds.ChannelNames);
        Assert.Empty(ds.ClassNames);
        Assert.Equal(6f, ds.Get(0).Image.Pixels[0]);
    }

    [Fact]
    public void Real_hpa_fov_rgby_has_documented_labels_and_sizes()
    {
        var root = Path.Combine(TestSupport.Fixtures.RealDataDir, "hpa-fov-rgby");
        if (!Directory.Exists(root)) return;
        var ds = new HpaKaggleDataset(Path.Combine(root, "images"), Path.Combine(root, "train_2018.csv"), new HpaKaggleOptions { VerifyImages = true });
        Assert.Equal(5, ds.Count);
        var byId = Enumerable.Range(0, 5).ToDictionary(i => ds.GetMetadata(i).Id, i => i);
        Assert.Equal([7, 1, 2, 0], ds.GetMetadata(byId["000a6c98-bb9b-11e8-b2b9-ac1f6b6435d0"]).Labels);
        Assert.Equal([24], ds.GetMetadata(byId["a34d8680-bb99-11e8-b2b9-ac1f6b6435d0"]).Labels);
        Assert.Equal([16, 17], ds.GetMetadata(byId["b6a469d8-bbad-11e8-b2ba-ac1f6b6435d0"]).Labels);
        Assert.Equal("Plasma membrane", ds.ClassNames[ds.GetMetadata(byId["a7faf0b4-bb99-11e8-b2b9-ac1f6b6435d0"]).Labels[0]]);
        Assert.Equal(3072, ImageIO.Identify(ds.FilesOf(byId["a7faf0b4-bb99-11e8-b2b9-ac1f6b6435d0"])[0]).Width);
        var s = ds.Get(byId["5c27f04c-bb99-11e8-b2b9-ac1f6b6435d0"]).Image;
        Assert.Equal((4, 2048, 2048, 8), (s.Channels, s.Height, s.Width, s.BitDepth));
        Assert.True(s.Channel(2).ToArray().Max() > 0);
    }

    [Fact]
    public void Real_hpa_kaggle2018_green_loads_50_protein_images()
    {
        var root = Path.Combine(TestSupport.Fixtures.RealDataDir, "hpa-kaggle2018-green");
        if (!Directory.Exists(root)) return;
        var ds = new HpaKaggleDataset(Path.Combine(root, "train"), Path.Combine(root, "train.csv"), new HpaKaggleOptions { Colors = ["green"] });
        Assert.Equal(50, ds.Count);
        Assert.Empty(ds.Problems);
        Assert.Equal("0fa556f8-bbab-11e8-b2ba-ac1f6b6435d0", ds.GetMetadata(0).Id);
        Assert.Equal([25, 2], ds.GetMetadata(0).Labels);
        // PROVENANCE.md: 30 images with 1 label, 17 with 2, 3 with 3; Nucleoplasm (0) and Cytosol (25) 14 times each.
        var counts = Enumerable.Range(0, 50).Select(i => ds.GetMetadata(i).Labels.Count).GroupBy(n => n).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal((30, 17, 3), (counts[1], counts[2], counts[3]));
        Assert.Equal(14, Enumerable.Range(0, 50).Count(i => ds.GetMetadata(i).Labels.Contains(25)));
        var img = ds.Get(0).Image;
        Assert.Equal((1, 512, 512, 8), (img.Channels, img.Height, img.Width, img.BitDepth));
    }
}
