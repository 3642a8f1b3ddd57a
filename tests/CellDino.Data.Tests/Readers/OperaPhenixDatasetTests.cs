using CellDino.Data.Imaging;
using CellDino.Data.Readers;
using CellDino.Data.Tests.Imaging;

namespace CellDino.Data.Tests.Readers;

public class OperaPhenixDatasetTests
{
    private static void WriteField(TempDir dir, string stem, params int[] channels)
    {
        foreach (var ch in channels)
            ImageIO.WriteTiff(dir.File($"{stem}-ch{ch}sk1fk1fl1.tiff"), new float[] { 100 * ch, 1, 2, 3 }, 1, 2, 2, 16);
    }

    [Fact]
    public void Fields_group_by_well_field_and_plane_with_channels_in_the_requested_order()
    {
        using var dir = new TempDir();
        WriteField(dir, "r03c03f03p01", 1, 2, 3);
        WriteField(dir, "r12c24f01p01", 1, 2, 3);
        File.WriteAllText(dir.File("notes.txt"), "not an image");
        File.WriteAllText(dir.File("platemap.csv"), "well,cell_line,condition\nC03,DAOY,standard\nL24,A549,DMSO\n");
        var ds = DatasetLayouts.Open(new DatasetSource { Layout = DatasetLayout.OperaPhenix, Path = dir.Path, Channels = ["ch3", "1"], Plate = "BR1" });
        Assert.Equal(2, ds.Count);
        Assert.Equal(["ch3", "ch1"], ds.ChannelNames);
        var (a, b) = (ds.GetMetadata(0), ds.GetMetadata(1));
        Assert.Equal(("BR1_C03_3", "C03", 3, "DAOY", "standard"), (a.Id, a.Well, a.Site, a.CellLine, a.Treatment));
        Assert.Equal(("L24", 1, "A549"), (b.Well, b.Site, b.CellLine));
        var image = ds.Get(0).Image;
        Assert.Equal((300f, 100f), (image.Channel(0)[0], image.Channel(1)[0]));
    }

    [Fact]
    public void A_field_missing_a_channel_is_named_and_can_be_skipped_and_unknown_channels_list_the_export()
    {
        using var dir = new TempDir();
        WriteField(dir, "r01c01f01p01", 1, 2);
        WriteField(dir, "r01c02f01p01", 1);
        var ex = Assert.Throws<DataFormatException>(() => new OperaPhenixDataset(dir.Path));
        Assert.Contains("r01c02f01p01-ch2", ex.Message);
        var lenient = new OperaPhenixDataset(dir.Path, new OperaPhenixOptions { BadInput = BadInputPolicy.SkipAndReport });
        Assert.Equal(1, lenient.Count);
        Assert.Single(lenient.Problems);
        var unknown = Assert.Throws<ArgumentException>(() => new OperaPhenixDataset(dir.Path, new OperaPhenixOptions { Channels = ["ch7"] }));
        Assert.Contains("ch1, ch2", unknown.Message);
        using var empty = new TempDir();
        Assert.Throws<ArgumentException>(() => new OperaPhenixDataset(empty.Path));
    }

    // The real Phenix field (PROVENANCE.md): Cell-DINO's DNA, RNA, ER, AGP, Mito = ch5, ch6, ch2, ch3, ch4; well C03 is DAOY.
    [Fact]
    public void The_real_cell_painting_field_reads_in_cell_dino_order_with_its_plate_map()
    {
        var root = Path.Combine(CellDino.TestSupport.Fixtures.RealDataDir, "cellpainting-pccma-daoy");
        var ds = DatasetLayouts.Open(new DatasetSource
        {
            Layout = DatasetLayout.OperaPhenix, Path = Path.Combine(root, "images"), Plate = "BR00143976",
            Channels = ["ch5", "ch6", "ch2", "ch3", "ch4"], PlateMapCsv = Path.Combine(root, "Assay_Plate1_platemap.csv"),
        });
        var m = Assert.Single(Enumerable.Range(0, ds.Count).Select(ds.GetMetadata));
        Assert.Equal(("BR00143976", "C03", 3, "DAOY", "1000"), (m.Plate, m.Well, m.Site, m.CellLine, m.Extra["seeding_density"]));
        var image = ds.Get(0).Image;
        Assert.Equal((5, 1080, 1080), (image.Channels, image.Height, image.Width));
        float Max(int c) => image.Channel(c).ToArray().Max();
        float Min(int c) => image.Channel(c).ToArray().Min();
        Assert.Equal((174f, 28340f), (Min(0), Max(0))); // ch5 Hoechst
        Assert.Equal(65535f, Max(4));                   // ch4 MitoTracker, saturated, the uncompressed file
        Assert.Equal((128f, 18931f), (Min(1), Max(1))); // ch6 SYTO14
    }

    // The five CellProfiler-segmented cells of that field (cells.csv names the image by its DNA file and gives boxes).
    [Fact]
    public void The_real_cell_table_cuts_padded_single_cells_around_its_boxes()
    {
        var root = Path.Combine(CellDino.TestSupport.Fixtures.RealDataDir, "cellpainting-pccma-daoy");
        var source = new DatasetSource
        {
            Layout = DatasetLayout.OperaPhenix, Path = Path.Combine(root, "images"), Plate = "BR00143976",
            Channels = ["ch5", "ch6", "ch2", "ch3", "ch4"], PlateMapCsv = Path.Combine(root, "Assay_Plate1_platemap.csv"),
        };
        var field = DatasetLayouts.Open(source).Get(0).Image;
        var cells = DatasetLayouts.Open(source with { CellsCsv = Path.Combine(root, "cells.csv"), CellCropSize = 160 });
        Assert.Equal(5, cells.Count);
        var first = cells.GetMetadata(0);
        Assert.Equal(("BR00143976_C03_3_1", 1, "DAOY"), (first.Id, first.CellId, first.CellLine));
        var crop = cells.Get(0).Image;
        Assert.Equal((5, 160, 160), (crop.Channels, crop.Height, crop.Width));
        // Box (216, 23)-(310, 95): centre (263, 59); the crop's centre pixel is that field pixel, its top rows are padding.
        for (int c = 0; c < 5; c++) Assert.Equal(field.Channel(c)[59 * 1080 + 263], crop.Channel(c)[80 * 160 + 80]);
        Assert.Equal(0f, crop.Channel(0)[0]);
    }
}
