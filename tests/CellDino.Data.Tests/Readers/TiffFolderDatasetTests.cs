using CellDino.Data.Imaging;
using CellDino.Data.Readers;
using CellDino.Data.Tests.Imaging;

namespace CellDino.Data.Tests.Readers;

public class TiffFolderDatasetTests
{
    private static void Write(TempDir dir, string name, int pages, float value) =>
        ImageIO.WriteTiff(dir.File(name), Enumerable.Range(0, pages * 4).Select(i => value + i).ToArray(), pages, 2, 2, 16);

    [Fact]
    public void Folder_of_multipage_tiffs_sorted_by_name_with_auto_channel_names()
    {
        using var dir = new TempDir();
        Write(dir, "b.tiff", 3, 100);
        Write(dir, "a.tif", 3, 65000);
        File.WriteAllText(dir.File("ignore.txt"), "x");
        var ds = new TiffFolderDataset(dir.Path);
        Assert.Equal(["a", "b"], new[] { ds.GetMetadata(0).Id, ds.GetMetadata(1).Id });
        Assert.Equal(["ch0", "ch1", "ch2"], ds.ChannelNames);
        var img = ds.Get(0).Image;
        Assert.Equal((3, 2, 2, 16), (img.Channels, img.Height, img.Width, img.BitDepth));
        Assert.Equal(65011f, img.Channel(2)[3]);
    }

    [Fact]
    public void Labels_csv_defines_samples_and_page_count_mismatch_is_reported()
    {
        using var dir = new TempDir();
        Write(dir, "x.tif", 2, 1);
        Write(dir, "y.tif", 3, 1);
        File.WriteAllText(dir.File("labels.csv"), "id,labels\ny,1\nx,0 1\nz,0\n");
        var opts = new TiffFolderOptions { LabelsCsv = dir.File("labels.csv"), ClassNames = ["neg", "pos"], ChannelNames = ["dna", "protein"] };
        var ex = Assert.Throws<DataFormatException>(() => new TiffFolderDataset(dir.Path, opts));
        Assert.Equal(4, ex.Row);
        var ds = new TiffFolderDataset(dir.Path, opts with { BadInput = BadInputPolicy.SkipAndReport });
        Assert.Equal(2, ds.Count);
        Assert.Equal([1], ds.GetMetadata(0).Labels);
        Assert.Equal([0, 1], ds.GetMetadata(1).Labels);
        var pages = Assert.Throws<DataFormatException>(() => ds.Get(0));
        Assert.Equal(dir.File("y.tif"), pages.FilePath);
        Assert.Contains("expected 2 channel", pages.Message);
        Assert.Equal(2, ds.Get(1).Image.Channels);
        var verified = new TiffFolderDataset(dir.Path, opts with { BadInput = BadInputPolicy.SkipAndReport, VerifyImages = true });
        Assert.Equal(["x"], new[] { verified.GetMetadata(0).Id });
        Assert.Equal([0, 1], verified.GetMetadata(0).Labels);
        Assert.Equal(2, verified.Problems.Count);
    }

    [Fact]
    public void An_id_listed_twice_in_the_labels_csv_is_an_error_naming_both_rows()
    {
        using var dir = new TempDir();
        Write(dir, "x.tif", 2, 1);
        Write(dir, "y.tif", 2, 1);
        File.WriteAllText(dir.File("labels.csv"), "id,labels\nx,0\ny,1\nx,1\n");
        var opts = new TiffFolderOptions { LabelsCsv = dir.File("labels.csv"), ClassNames = ["neg", "pos"] };
        var ex = Assert.Throws<DataFormatException>(() => new TiffFolderDataset(dir.Path, opts));
        Assert.Equal(4, ex.Row);
        Assert.Contains("sample id 'x' appears twice, in rows 2 and 4", ex.Message);
        var ds = new TiffFolderDataset(dir.Path, opts with { BadInput = BadInputPolicy.SkipAndReport });
        Assert.Equal(2, ds.Count);
        Assert.Equal([0], ds.GetMetadata(0).Labels); // the first row's labels, not the duplicate's
        Assert.Equal(4, Assert.Single(ds.Problems).Row);
    }
}
