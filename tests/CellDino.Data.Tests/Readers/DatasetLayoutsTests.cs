using CellDino.Data.Imaging;
using CellDino.Data.Readers;
using CellDino.Data.Synthetic;
using CellDino.Data.Tests.Imaging;

namespace CellDino.Data.Tests.Readers;

public class DatasetLayoutsTests
{
    private static void WriteHpaField(TempDir dir, string id, params string[] colours)
    {
        for (int c = 0; c < colours.Length; c++)
            ImageIO.WritePng(dir.File($"{id}_{colours[c]}.png"), Enumerable.Repeat(10f * (c + 1), 16).ToArray(), 4, 4, 8);
    }

    [Fact]
    public void Names_resolve_case_insensitively_and_an_unknown_name_lists_them_all()
    {
        Assert.Equal(DatasetLayout.HpaSingleCell, DatasetLayouts.Find("HPA-Single-Cell").Layout);
        Assert.Equal(SyntheticKind.CellPainting, DatasetLayouts.Source("synthetic-cellpainting", null).Synthetic!.Kind);
        var ex = Assert.Throws<ArgumentException>(() => DatasetLayouts.Find("hpa"));
        foreach (var name in DatasetLayouts.Names) Assert.Contains(name, ex.Message);
        // Every enum value is reachable from a name, so no reader exists only in code.
        Assert.Equal(Enum.GetValues<DatasetLayout>().Order(), DatasetLayouts.All.Select(l => l.Layout).Distinct().Order());
    }

    [Fact]
    public void Hpa_2021_labels_ID_Label_with_bars_load_as_the_2018_ones_do()
    {
        using var dir = new TempDir();
        WriteHpaField(dir, "a", "red", "green", "blue", "yellow");
        WriteHpaField(dir, "b", "red", "green", "blue", "yellow");
        File.WriteAllText(dir.File("train_2021.csv"), "ID,Label\na,7|1|0\nb,18\n");
        var ds = DatasetLayouts.Open(new DatasetSource
        {
            Layout = DatasetLayout.HpaKaggle, Path = dir.Path, LabelsCsv = dir.File("train_2021.csv"), ClassNames = HpaClasses.SingleCell2021Names,
        });
        Assert.Equal([7, 1, 0], ds.GetMetadata(0).Labels);
        Assert.Equal([18], ds.GetMetadata(1).Labels);
        Assert.Equal(19, ds.ClassNames.Count);

        // A label beyond the chosen class list is a row error, not a silent wrong class.
        File.WriteAllText(dir.File("bad.csv"), "ID,Label\na,19\n");
        var bad = Assert.Throws<DataFormatException>(() => DatasetLayouts.Open(new DatasetSource
        {
            Layout = DatasetLayout.HpaKaggle, Path = dir.Path, LabelsCsv = dir.File("bad.csv"), ClassNames = HpaClasses.SingleCell2021Names,
        }));
        Assert.Contains("out of range", bad.Message);
    }

    [Fact]
    public void Green_only_images_open_with_a_channel_subset()
    {
        using var dir = new TempDir();
        WriteHpaField(dir, "g1", "green");
        File.WriteAllText(dir.File("train.csv"), "Id,Target\ng1,3\n");
        var source = new DatasetSource { Layout = DatasetLayout.HpaKaggle, Path = dir.Path };
        Assert.Throws<DataFormatException>(() => DatasetLayouts.Open(source));
        var ds = DatasetLayouts.Open(source with { Channels = ["green"] });
        Assert.Equal(["protein"], ds.ChannelNames.Select(c => c.ToLowerInvariant()));
        Assert.Equal(1, ds.Get(0).Image.Channels);
        Assert.Equal([3], ds.GetMetadata(0).Labels);
    }

    [Fact]
    public void Single_cells_of_a_synth_folder_open_with_the_default_masks_folder_and_suffix()
    {
        using var dir = new TempDir();
        SyntheticDatasetWriter.WriteHpa(new SyntheticConfig { Height = 64, Width = 64, Seed = 3 }, 2, dir.Path);
        var cells = DatasetLayouts.Open(new DatasetSource { Layout = DatasetLayout.HpaSingleCell, Path = dir.Path, CellCropSize = 24 });
        var single = Assert.IsType<HpaSingleCellDataset>(cells);
        Assert.True(single.Count >= 2, $"expected cells from 2 fields, got {single.Count}");
        Assert.Equal((24, 24), (single.Get(0).Image.Height, single.Get(0).Image.Width));

        var wrongSuffix = Assert.Throws<DataFormatException>(() => DatasetLayouts.Open(new DatasetSource
        {
            Layout = DatasetLayout.HpaSingleCell, Path = dir.Path, MaskSuffix = "_cells.png",
        }));
        Assert.Contains("_cells.png", wrongSuffix.Message);
        var noMasks = Assert.Throws<ArgumentException>(() => DatasetLayouts.Open(new DatasetSource
        {
            Layout = DatasetLayout.HpaSingleCell, Path = Path.Combine(dir.Path, "train"),
        }));
        Assert.Contains("masks", noMasks.Message);
    }

    [Fact]
    public void A_lab_plate_map_with_well_condition_and_cell_line_columns_is_joined()
    {
        using var dir = new TempDir();
        string[] order = ["DNA", "ER", "RNA", "AGP", "Mito"];
        var header = string.Join(",", order.Select(c => $"FileName_Orig{c},PathName_Orig{c}")) + ",Metadata_Plate,Metadata_Well,Metadata_Site";
        var row = string.Join(",", order.Select(c => $"{c}.tiff,{dir.Path}")) + ",P1,C03,1";
        foreach (var c in order) ImageIO.WriteTiff(dir.File($"{c}.tiff"), new float[] { 1, 2, 3, 4 }, 1, 2, 2, 16);
        File.WriteAllText(dir.File("load_data.csv"), header + "\n" + row + "\n");
        File.WriteAllText(dir.File("platemap.csv"), "cell_line,row,column,well,seeding_density,condition\nDAOY,C,3,C03,1000,standard\nDAOY,D,3,D03,1000,DMSO\n");

        var ds = DatasetLayouts.Open(new DatasetSource { Layout = DatasetLayout.CellPainting, Path = dir.Path });
        var m = ds.GetMetadata(0);
        Assert.Equal("DAOY", m.CellLine);
        Assert.Equal("standard", m.Treatment);
        Assert.Equal("1000", m.Extra["seeding_density"]);
        // Columns read into fields (cell_line, well, condition) are not repeated as extras; the others are kept.
        Assert.Equal(["column", "row", "seeding_density"], m.Extra.Keys.Order(StringComparer.Ordinal)); // nor LoadData's plate, well, site

        File.WriteAllText(dir.File("nowell.csv"), "plate_map_name,condition\nA,standard\n");
        var ex = Assert.Throws<DataFormatException>(() => DatasetLayouts.Open(new DatasetSource { Layout = DatasetLayout.CellPainting, Path = dir.Path, PlateMapCsv = dir.File("nowell.csv") }));
        Assert.Contains("well column", ex.Message);
        Assert.Contains("plate_map_name", ex.Message);
    }

    [Fact]
    public void Synthetic_names_carry_their_generator_and_the_cell_size_applies_to_single_cell_presets()
    {
        var cells = DatasetLayouts.Open(DatasetLayouts.Source("synthetic-cells", null) with { SyntheticCount = 3, CellCropSize = 32 });
        Assert.Equal(32, cells.Get(0).Image.Height);
        var fields = DatasetLayouts.Open(DatasetLayouts.Source("synthetic-hpa", null) with { SyntheticCount = 3, CellCropSize = 32 });
        Assert.Equal(64, fields.Get(0).Image.Height);
        Assert.Throws<ArgumentException>(() => DatasetLayouts.Open(DatasetLayouts.Source("synthetic-cells", null) with { CellCropSize = 2 }));
    }
}

public class DatasetLayoutsRealDataTests
{
    // docs/data.md's example, on the real HPA fields: 2021 labels, their class file and the predicted cell masks.
    [Fact]
    public void Real_hpa_fields_open_as_single_cells_with_2021_labels_and_their_class_file()
    {
        var root = Path.Combine(CellDino.TestSupport.Fixtures.RealDataDir, "hpa-fov-rgby");
        var cells = DatasetLayouts.Open(new DatasetSource
        {
            Layout = DatasetLayout.HpaSingleCell, Path = Path.Combine(root, "images"), MasksFolder = Path.Combine(root, "masks"),
            LabelsCsv = Path.Combine(root, "train_2021.csv"),
            ClassNames = ClassNameList.Read(Path.Combine(root, "classes_2021.csv")), CellCropSize = 512,
        });
        Assert.Equal(HpaClasses.SingleCell2021Names, cells.ClassNames);
        Assert.True(cells.Count > 20, $"expected the cells of 5 fields, got {cells.Count}");
        var first = cells.GetMetadata(0);
        var row = File.ReadAllLines(Path.Combine(root, "train_2021.csv")).Skip(1).Select(l => l.Split(','))
            .Single(f => first.Id.StartsWith(f[0], StringComparison.Ordinal));
        Assert.Equal(row[1].Split('|').Select(int.Parse).Order(), first.Labels.Order());
        var image = cells.Get(0).Image;
        Assert.Equal((4, 512, 512), (image.Channels, image.Height, image.Width));
    }
}
