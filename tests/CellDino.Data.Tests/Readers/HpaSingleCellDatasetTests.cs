using CellDino.Data.Imaging;
using CellDino.Data.Readers;
using CellDino.Data.Samples;
using CellDino.Data.Tests.Imaging;

namespace CellDino.Data.Tests.Readers;

public class HpaSingleCellDatasetTests
{
    // A 2-channel 10x10 field: channel 0 = 100 + index, channel 1 = 1. Mask: cell 1 occupies x 1..3, y 1..3;
    // cell 2 occupies x 4..5, y 1..3 (touching cell 1); cell 3 is a single pixel at (9, 9) at the corner.
    private static (IMicroscopyDataset Fovs, string Mask) Field(TempDir dir, int maskBits = 8)
    {
        int h = 10, w = 10;
        var px = new float[2 * h * w];
        for (int i = 0; i < h * w; i++) { px[i] = 100 + i; px[h * w + i] = 1; }
        var mask = new float[h * w];
        for (int y = 1; y <= 3; y++)
        {
            for (int x = 1; x <= 3; x++) mask[y * w + x] = 1;
            for (int x = 4; x <= 5; x++) mask[y * w + x] = 2;
        }
        mask[99] = 3;
        ImageIO.WritePng(dir.File("f1_mask.png"), mask, h, w, maskBits);
        var fovs = new FakeFovs(new MicroscopyImage(["a", "b"], h, w, px, 16), new SampleMetadata { Id = "f1", Labels = [4], CellLine = "U2OS" });
        return (fovs, dir.File("f1_mask.png"));
    }

    [Theory]
    [InlineData(8)]
    [InlineData(16)]
    public void Cells_come_from_mask_instances_with_centre_crops_and_inherited_labels(int maskBits)
    {
        using var dir = new TempDir();
        var (fovs, _) = Field(dir, maskBits);
        var ds = HpaSingleCellDataset.FromMasks(fovs, dir.Path, "_mask.png", new SingleCellOptions { CropSize = 4, Masking = CellMasking.None });
        Assert.Equal(3, ds.Count);
        var m = ds.GetMetadata(0);
        Assert.Equal(("f1_1", "f1", (int?)1, "U2OS"), (m.Id, m.ImageId, m.CellId, m.CellLine));
        Assert.Equal([4], m.Labels);
        // Cell 1 box x,y in 1..3 -> centre (2, 2) -> crop rows/cols 0..3.
        Assert.Equal((0, 2, 2), ds.LocationOf(0));
        var crop = ds.Get(0).Image;
        Assert.Equal((2, 4, 4, 16), (crop.Channels, crop.Height, crop.Width, crop.BitDepth));
        Assert.Equal(100f, crop.Pixels[0]);
        Assert.Equal(100f + 3 * 10 + 3, crop.Pixels[15]);
        Assert.Equal(1f, crop.Pixels[16]);
    }

    [Fact]
    public void Border_crops_are_zero_padded()
    {
        using var dir = new TempDir();
        var (fovs, _) = Field(dir);
        var ds = HpaSingleCellDataset.FromMasks(fovs, dir.Path, "_mask.png", new SingleCellOptions { CropSize = 4, Masking = CellMasking.None });
        // Cell 3 at (9, 9): crop covers x,y 7..10; column/row 10 lies outside.
        var crop = ds.Get(2).Image;
        Assert.Equal(100f + 77, crop.Pixels[0]);
        Assert.Equal(100f + 99, crop.Pixels[2 * 4 + 2]);
        for (int i = 0; i < 4; i++)
        {
            Assert.Equal(0f, crop.Pixels[i * 4 + 3]);
            Assert.Equal(0f, crop.Pixels[3 * 4 + i]);
            Assert.Equal(0f, crop.Pixels[16 + 3 * 4 + i]);
        }
    }

    [Fact]
    public void Masking_zeroes_neighbouring_cells_or_everything_outside()
    {
        using var dir = new TempDir();
        var (fovs, _) = Field(dir);
        var others = HpaSingleCellDataset.FromMasks(fovs, dir.Path, "_mask.png", new SingleCellOptions { CropSize = 4, Masking = CellMasking.OtherCells }).Get(0).Image;
        // Crop x 0..3, y 0..3: cell 2 is not inside (x >= 4); background (0,0) kept; cell-1 pixel (1,1) kept.
        Assert.Equal(100f, others.Pixels[0]);
        var c2 = HpaSingleCellDataset.FromMasks(fovs, dir.Path, "_mask.png", new SingleCellOptions { CropSize = 4, Masking = CellMasking.OtherCells });
        // Cell 2 box x 4..5, y 1..3 -> centre (4, 2) -> crop x 2..5, y 0..3: columns 0,1 (x = 2, 3) at rows 1..3 belong to cell 1.
        var img = c2.Get(1).Image;
        Assert.Equal(100f + 2, img.Pixels[0]);
        Assert.Equal(0f, img.Pixels[1 * 4 + 0]);
        Assert.Equal(0f, img.Pixels[3 * 4 + 1]);
        Assert.Equal(0f, img.Pixels[16 + 1 * 4 + 1]);
        Assert.Equal(100f + 14, img.Pixels[1 * 4 + 2]);
        var outside = HpaSingleCellDataset.FromMasks(fovs, dir.Path, "_mask.png", new SingleCellOptions { CropSize = 4, Masking = CellMasking.OutsideCell }).Get(1).Image;
        Assert.Equal(0f, outside.Pixels[0]);
        Assert.Equal(0f, outside.Pixels[1 * 4 + 0]);
        Assert.Equal(100f + 14, outside.Pixels[1 * 4 + 2]);
        Assert.Equal(1f, outside.Pixels[16 + 1 * 4 + 3]);
    }

    [Fact]
    public void Per_cell_labels_override_image_labels_and_bad_rows_drop_only_their_cell()
    {
        using var dir = new TempDir();
        var (fovs, _) = Field(dir);
        File.WriteAllText(dir.File("cells.csv"), "ImageId,CellId,Labels\nf1,2,1|3\nf1,3,99\n");
        var opts = new SingleCellOptions { CropSize = 4, CellLabelsCsv = dir.File("cells.csv"), ClassNames = HpaClasses.SingleCell2021Names };
        var ex = Assert.Throws<DataFormatException>(() => HpaSingleCellDataset.FromMasks(fovs, dir.Path, "_mask.png", opts));
        Assert.Equal((dir.File("cells.csv"), (int?)3), (ex.FilePath, ex.Row));
        var ds = HpaSingleCellDataset.FromMasks(fovs, dir.Path, "_mask.png", opts with { BadInput = BadInputPolicy.SkipAndReport });
        Assert.Equal(2, ds.Count);
        Assert.Equal([4], ds.GetMetadata(0).Labels);
        Assert.Equal([1, 3], ds.GetMetadata(1).Labels);
        Assert.Equal(2, ds.GetMetadata(1).CellId);
        Assert.Single(ds.Problems);
    }

    [Fact]
    public void Bounding_box_csv_gives_unmasked_crops_and_reports_unknown_images()
    {
        using var dir = new TempDir();
        var (fovs, _) = Field(dir);
        File.WriteAllText(dir.File("boxes.csv"), "ImageId,CellId,XMin,YMin,XMax,YMax\nf1,7,4,1,5,3\nnope,1,0,0,1,1\n");
        var ex = Assert.Throws<DataFormatException>(() => HpaSingleCellDataset.FromBoxes(fovs, dir.File("boxes.csv"), new SingleCellOptions { CropSize = 4 }));
        Assert.Equal(3, ex.Row);
        var ds = HpaSingleCellDataset.FromBoxes(fovs, dir.File("boxes.csv"), new SingleCellOptions { CropSize = 4, BadInput = BadInputPolicy.SkipAndReport });
        Assert.Equal(1, ds.Count);
        Assert.Equal("f1_7", ds.GetMetadata(0).Id);
        var img = ds.Get(0).Image;
        Assert.Equal(100f + 12, img.Pixels[1 * 4 + 0]);
    }

    [Fact]
    public void Mask_of_other_size_than_the_field_is_reported_on_get()
    {
        using var dir = new TempDir();
        var (fovs, _) = Field(dir);
        ImageIO.WritePng(dir.File("f1_small.png"), new float[] { 0, 1, 1, 0 }, 2, 2, 8);
        var ds = HpaSingleCellDataset.FromMasks(fovs, dir.Path, "_small.png", new SingleCellOptions { CropSize = 4 });
        var ex = Assert.Throws<DataFormatException>(() => ds.Get(0));
        Assert.Equal(dir.File("f1_small.png"), ex.FilePath);
        Assert.Contains("10x10", ex.Message);
    }

    [Fact]
    public void Real_hpa_masks_give_the_documented_cell_counts()
    {
        var root = Path.Combine(TestSupport.Fixtures.RealDataDir, "hpa-fov-rgby");
        if (!Directory.Exists(root)) return;
        var fovs = new HpaKaggleDataset(Path.Combine(root, "images"), Path.Combine(root, "train_2018.csv"));
        var cells = HpaSingleCellDataset.FromMasks(fovs, Path.Combine(root, "masks"), options: new SingleCellOptions { CropSize = 512 });
        // PROVENANCE.md: N = 19, 8, 18, 10, 10 instances for 000a6c98, 5c27f04c, a34d8680, a7faf0b4, b6a469d8.
        var perImage = Enumerable.Range(0, cells.Count).GroupBy(i => cells.GetMetadata(i).ImageId!).ToDictionary(g => g.Key[..8], g => g.Count());
        Assert.Equal(19, perImage["000a6c98"]);
        Assert.Equal(8, perImage["5c27f04c"]);
        Assert.Equal(18, perImage["a34d8680"]);
        Assert.Equal(10, perImage["a7faf0b4"]);
        Assert.Equal(10, perImage["b6a469d8"]);
        int first = Enumerable.Range(0, cells.Count).First(i => cells.GetMetadata(i).ImageId!.StartsWith("5c27f04c", StringComparison.Ordinal));
        var s = cells.Get(first);
        Assert.Equal((4, 512, 512), (s.Image.Channels, s.Image.Height, s.Image.Width));
        Assert.Equal([11, 5, 0], s.Metadata.Labels);
        Assert.True(s.Image.Channel(2).ToArray().Max() > 0);
    }

    private sealed class FakeFovs(MicroscopyImage image, SampleMetadata meta) : IMicroscopyDataset
    {
        public int Count => 1;
        public IReadOnlyList<string> ChannelNames => image.ChannelNames;
        public IReadOnlyList<string> ClassNames => HpaClasses.Names;
        public SampleMetadata GetMetadata(int index) => meta;
        public Sample Get(int index) => new(image, meta);
    }

    [Fact]
    public void The_same_cell_of_the_same_image_twice_in_a_box_table_is_an_error_naming_both_rows()
    {
        using var dir = new TempDir();
        var (fovs, _) = Field(dir);
        File.WriteAllText(dir.File("boxes.csv"), "ImageId,CellId,XMin,YMin,XMax,YMax\nf1,7,4,1,5,3\nf1,8,0,0,1,1\nf1,7,0,0,2,2\n");
        var ex = Assert.Throws<DataFormatException>(() => HpaSingleCellDataset.FromBoxes(fovs, dir.File("boxes.csv"), new SingleCellOptions { CropSize = 4 }));
        Assert.Equal(dir.File("boxes.csv"), ex.FilePath);
        Assert.Equal(4, ex.Row);
        Assert.Contains("sample id 'f1_7' appears twice, in rows 2 and 4", ex.Message);
        var ds = HpaSingleCellDataset.FromBoxes(fovs, dir.File("boxes.csv"), new SingleCellOptions { CropSize = 4, BadInput = BadInputPolicy.SkipAndReport });
        Assert.Equal(["f1_7", "f1_8"], Enumerable.Range(0, ds.Count).Select(i => ds.GetMetadata(i).Id));
        Assert.Equal(4, Assert.Single(ds.Problems).Row);
    }
}
