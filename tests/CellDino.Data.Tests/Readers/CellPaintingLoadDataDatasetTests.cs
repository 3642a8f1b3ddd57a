using CellDino.Data.Imaging;
using CellDino.Data.Readers;
using CellDino.Data.Tests.Imaging;

namespace CellDino.Data.Tests.Readers;

public class CellPaintingLoadDataDatasetTests
{
    // CellProfiler column order (DNA, ER, RNA, AGP, Mito) differs from Cell-DINO's (DNA, RNA, ER, AGP, Mito).
    private static readonly string[] CsvOrder = ["DNA", "ER", "RNA", "AGP", "Mito"];

    private static string WriteLoadData(TempDir dir, params (string Plate, string Well, int Site)[] fields)
    {
        Directory.CreateDirectory(dir.File("img"));
        var header = string.Join(",", CsvOrder.Select(c => $"FileName_Orig{c},PathName_Orig{c}")) + ",Metadata_Plate,Metadata_Well,Metadata_Site,Metadata_Note";
        var lines = new List<string> { header };
        foreach (var (plate, well, site) in fields)
        {
            var cells = new List<string>();
            for (int c = 0; c < CsvOrder.Length; c++)
            {
                var name = $"{plate}_{well}_s{site}_{CsvOrder[c]}.tiff";
                // Channel value encodes the CSV position, site and saturation so the test can see what went where.
                var px = new float[] { 1000 * (c + 1) + site, 65535, 1234, 0 };
                ImageIO.WriteTiff(Path.Combine(dir.File("img"), name), px, 1, 2, 2, 16);
                cells.Add(name);
                cells.Add("img");
            }
            lines.Add(string.Join(",", cells) + $",{plate},{well},{site},\"note, quoted\"");
        }
        File.WriteAllText(dir.File("load_data.csv"), string.Join("\n", lines) + "\n");
        return dir.File("load_data.csv");
    }

    [Fact]
    public void Loads_16bit_channels_in_cell_dino_order_with_plate_well_site()
    {
        using var dir = new TempDir();
        var csv = WriteLoadData(dir, ("P1", "B3", 1), ("P1", "C04", 2));
        var ds = new CellPaintingLoadDataDataset(csv);
        Assert.Equal(["DNA", "RNA", "ER", "AGP", "Mito"], ds.ChannelNames);
        Assert.Equal(2, ds.Count);
        var m = ds.GetMetadata(0);
        Assert.Equal(("P1", "B03", (int?)1, "P1_B03_1"), (m.Plate, m.Well, m.Site, m.Id));
        Assert.Equal("note, quoted", m.Extra["Metadata_Note"]);
        var img = ds.Get(1).Image;
        Assert.Equal((5, 2, 2, 16), (img.Channels, img.Height, img.Width, img.BitDepth));
        // Output channel k takes CSV channel index: DNA 0, RNA 2, ER 1, AGP 3, Mito 4 (values 1000*(idx+1) + site).
        Assert.Equal([1002f, 3002f, 2002f, 4002f, 5002f], Enumerable.Range(0, 5).Select(c => img.Channel(c)[0]));
        Assert.Equal(65535f, img.Channel(4)[1]);
        Assert.Equal(1234f, img.Channel(0)[2]);
    }

    [Fact]
    public void Plate_map_and_compound_table_give_treatment_moa_control_and_labels()
    {
        using var dir = new TempDir();
        var csv = WriteLoadData(dir, ("P1", "B03", 1), ("P1", "B04", 1), ("P1", "B05", 1), ("P1", "B06", 1));
        File.WriteAllText(dir.File("platemap.csv"), "well_position,broad_sample,cell_line\nB3,DMSO,U2OS\nB4,BRD-1,U2OS\nB5,BRD-2,A549\nB6,BRD-3,A549\n");
        File.WriteAllText(dir.File("compounds.csv"), "Metadata_broad_sample,Metadata_moa\nBRD-1,tubulin inhibitor\nBRD-2,HDAC inhibitor\n");
        var ds = new CellPaintingLoadDataDataset(csv, new CellPaintingLoadDataOptions
        {
            PlateMap = new PlateMapOptions
            {
                Path = dir.File("platemap.csv"),
                WellColumn = "well_position",
                TreatmentColumn = "broad_sample",
                CellLineColumn = "cell_line",
                CompoundsPath = dir.File("compounds.csv"),
            },
        });
        Assert.Equal(["HDAC inhibitor", "tubulin inhibitor"], ds.ClassNames);
        var dmso = ds.GetMetadata(0);
        Assert.Equal(("DMSO", true, (string?)null, "U2OS"), (dmso.Treatment, dmso.IsControl, dmso.MechanismOfAction, dmso.CellLine));
        Assert.Empty(dmso.Labels);
        var t = ds.GetMetadata(1);
        Assert.Equal(("BRD-1", false, "tubulin inhibitor"), (t.Treatment, t.IsControl, t.MechanismOfAction));
        Assert.Equal([1], t.Labels);
        Assert.Equal([0], ds.GetMetadata(2).Labels);
        Assert.Equal(("BRD-3", (string?)null), (ds.GetMetadata(3).Treatment, ds.GetMetadata(3).MechanismOfAction));
        Assert.Equal("A549", ds.GetMetadata(3).CellLine);
        Assert.False(ds.GetMetadata(3).Extra.ContainsKey("cell_line")); // read into CellLine, not repeated
    }

    [Fact]
    public void Well_missing_from_plate_map_and_missing_files_are_reported_with_rows()
    {
        using var dir = new TempDir();
        var csv = WriteLoadData(dir, ("P1", "B03", 1), ("P1", "D07", 1), ("P1", "B03", 2));
        File.WriteAllText(dir.File("platemap.csv"), "Metadata_Well,Metadata_broad_sample\nB03,DMSO\n");
        File.Delete(Path.Combine(dir.File("img"), "P1_B03_s2_Mito.tiff"));
        var opts = new CellPaintingLoadDataOptions { PlateMap = new PlateMapOptions { Path = dir.File("platemap.csv") } };
        var ex = Assert.Throws<DataFormatException>(() => new CellPaintingLoadDataDataset(csv, opts));
        Assert.Equal((csv, (int?)3), (ex.FilePath, ex.Row));
        Assert.Contains("D07", ex.Message);
        var ds = new CellPaintingLoadDataDataset(csv, opts with { BadInput = BadInputPolicy.SkipAndReport });
        Assert.Equal(1, ds.Count);
        Assert.Equal("P1_B03_1", ds.GetMetadata(0).Id);
        Assert.True(ds.GetMetadata(0).IsControl);
        Assert.Equal(2, ds.Problems.Count);
        Assert.EndsWith("P1_B03_s2_Mito.tiff", ds.Problems[1].FilePath);
        Assert.Equal(4, ds.Problems[1].Row);
    }

    [Fact]
    public void Real_cellpainting_field_loads_five_channels_and_joins_the_plate_map()
    {
        var root = Path.Combine(TestSupport.Fixtures.RealDataDir, "cellpainting-pccma-daoy");
        if (!Directory.Exists(root)) return;
        using var dir = new TempDir();
        // PROVENANCE.md: ch5 = DNA (Hoechst), ch6 = RNA (SYTO14), ch2 = ER, ch3 = AGP, ch4 = Mito.
        var images = Path.Combine(root, "images");
        string F(int ch) => $"r03c03f03p01-ch{ch}sk1fk1fl1.tiff";
        File.WriteAllText(dir.File("load_data.csv"),
            "FileName_OrigDNA,PathName_OrigDNA,FileName_OrigER,PathName_OrigER,FileName_OrigRNA,PathName_OrigRNA,FileName_OrigAGP,PathName_OrigAGP,FileName_OrigMito,PathName_OrigMito,Metadata_Plate,Metadata_Well,Metadata_Site\n" +
            $"{F(5)},{images},{F(2)},{images},{F(6)},{images},{F(3)},{images},{F(4)},{images},BR00143976,C03,3\n");
        var ds = new CellPaintingLoadDataDataset(dir.File("load_data.csv"), new CellPaintingLoadDataOptions
        {
            VerifyImages = true,
            PlateMap = new PlateMapOptions { Path = Path.Combine(root, "Assay_Plate1_platemap.csv"), WellColumn = "well", TreatmentColumn = null, CellLineColumn = "cell_line" },
        });
        var m = ds.GetMetadata(0);
        Assert.Equal(("DAOY", "1000", false), (m.CellLine, m.Extra["seeding_density"], m.IsControl));
        Assert.Empty(ds.ClassNames);
        var img = ds.Get(0).Image;
        Assert.Equal((5, 1080, 1080, 16), (img.Channels, img.Height, img.Width, img.BitDepth));
        Assert.Equal(28340f, img.Channel(0).ToArray().Max());   // DNA = ch5
        Assert.Equal(18931f, img.Channel(1).ToArray().Max());   // RNA = ch6
        Assert.Equal(21582f, img.Channel(2).ToArray().Max());   // ER = ch2
        Assert.Equal(5831f, img.Channel(3).ToArray().Max());    // AGP = ch3
        Assert.Equal(65535f, img.Channel(4).ToArray().Max());   // Mito = ch4, saturated

        // Single cells from the CellProfiler bounding boxes (cells lie near the top edge: crops are padded).
        var table = Csv.CsvTable.Read(Path.Combine(root, "cells.csv"));
        File.WriteAllText(dir.File("boxes.csv"), "ImageId,CellId,XMin,YMin,XMax,YMax\n" + string.Join("\n", table.Rows.Select(r =>
            $"{m.Id},{r["Metadata_Cells_Number_Object_Number"]},{r["Cells_AreaShape_BoundingBoxMinimum_X"]},{r["Cells_AreaShape_BoundingBoxMinimum_Y"]},{r["Cells_AreaShape_BoundingBoxMaximum_X"]},{r["Cells_AreaShape_BoundingBoxMaximum_Y"]}")));
        var cells = HpaSingleCellDataset.FromBoxes(ds, dir.File("boxes.csv"), new SingleCellOptions { CropSize = 160 });
        Assert.Equal(5, cells.Count);
        // Cell 4: box x 709..833, y 12..158 -> centre (771, 85) -> crop rows start at 85 - 80 = 5: no padding; cell 1 centre y 59 -> 21 padded rows.
        Assert.Equal((0, 263, 59), cells.LocationOf(0));
        var c1 = cells.Get(0).Image;
        Assert.Equal((5, 160, 160), (c1.Channels, c1.Height, c1.Width));
        Assert.All(c1.Channel(0)[..(21 * 160)].ToArray(), v => Assert.Equal(0f, v));
        Assert.True(c1.Channel(0)[(21 * 160)..].ToArray().Min() >= 174f);
    }

    [Fact]
    public void Two_rows_of_the_same_plate_well_and_site_are_an_error_naming_both_rows_or_the_later_one_is_skipped()
    {
        using var dir = new TempDir();
        var csv = WriteLoadData(dir, ("P1", "B03", 1), ("P1", "B04", 1), ("P1", "B3", 1)); // B3 is B03
        var ex = Assert.Throws<DataFormatException>(() => new CellPaintingLoadDataDataset(csv));
        Assert.Equal(csv, ex.FilePath);
        Assert.Equal(4, ex.Row);
        Assert.Contains("sample id 'P1_B03_1' appears twice, in rows 2 and 4", ex.Message);
        var skipped = new CellPaintingLoadDataDataset(csv, new CellPaintingLoadDataOptions { BadInput = BadInputPolicy.SkipAndReport });
        Assert.Equal(["P1_B03_1", "P1_B04_1"], Enumerable.Range(0, skipped.Count).Select(i => skipped.GetMetadata(i).Id));
        Assert.Equal(4, Assert.Single(skipped.Problems).Row);
    }
}
