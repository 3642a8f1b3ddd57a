using BitMiracle.LibTiff.Classic;
using CellDino.Data.Synthetic;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace CellDino.Data.Tests.Synthetic;

public sealed class SyntheticDatasetWriterTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "celldino-synth-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    private static ushort[] ReadPng16(string path)
    {
        using var img = Image.Load<L16>(path);
        var px = new L16[img.Width * img.Height];
        img.CopyPixelDataTo(px);
        return px.Select(p => p.PackedValue).ToArray();
    }

    private static byte[] ReadPng8(string path)
    {
        using var img = Image.Load<L8>(path);
        var px = new L8[img.Width * img.Height];
        img.CopyPixelDataTo(px);
        return px.Select(p => p.PackedValue).ToArray();
    }

    private static ushort[] ReadTiff16(string path, out int width, out int height)
    {
        using var tif = Tiff.Open(path, "r");
        width = tif.GetField(TiffTag.IMAGEWIDTH)[0].ToInt();
        height = tif.GetField(TiffTag.IMAGELENGTH)[0].ToInt();
        Assert.Equal(16, tif.GetField(TiffTag.BITSPERSAMPLE)[0].ToInt());
        Assert.Equal(1, tif.GetField(TiffTag.SAMPLESPERPIXEL)[0].ToInt());
        var result = new ushort[width * height];
        var row = new byte[tif.ScanlineSize()];
        for (int y = 0; y < height; y++)
        {
            tif.ReadScanline(row, y);
            for (int x = 0; x < width; x++) result[y * width + x] = (ushort)(row[2 * x] | (row[2 * x + 1] << 8));
        }
        return result;
    }

    [Theory]
    [InlineData(8)]
    [InlineData(16)]
    public void Hpa_layout_round_trips_pixels_labels_and_masks(int bitDepth)
    {
        var cfg = new SyntheticConfig { Seed = 3, Height = 40, Width = 48, MultiLabelFraction = 0.5 };
        var gen = new SyntheticCellGenerator(cfg);
        SyntheticDatasetWriter.WriteHpa(cfg, 5, _dir, bitDepth);
        var rows = File.ReadAllLines(Path.Combine(_dir, "train.csv"));
        Assert.Equal("Id,Target", rows[0]);
        Assert.Equal(6, rows.Length);
        for (int i = 0; i < 5; i++)
        {
            var f = gen.Generate(i);
            Assert.Equal($"{f.Metadata.Id},{string.Join(' ', f.Metadata.Labels)}", rows[i + 1]);
            string[] colours = { "red", "green", "blue", "yellow" };
            for (int c = 0; c < 4; c++)
            {
                string path = Path.Combine(_dir, "train", $"{f.Metadata.Id}_{colours[c]}.png");
                var plane = f.Image.Channel(c).ToArray();
                if (bitDepth == 16) Assert.Equal(plane.Select(v => (ushort)v), ReadPng16(path));
                else Assert.Equal(plane.Select(v => (byte)MathF.Round(v / 257f)), ReadPng8(path));
            }
            Assert.Equal(f.CellMask.Select(v => (ushort)v), ReadPng16(Path.Combine(_dir, "masks", $"{f.Metadata.Id}_predictedmask.png")));
            Assert.Equal(f.NucleusMask.Select(v => (ushort)v), ReadPng16(Path.Combine(_dir, "masks", $"{f.Metadata.Id}_nuclei.png")));
        }
        var meta = File.ReadAllLines(Path.Combine(_dir, "metadata.csv"));
        Assert.Equal("Id,CellLine,Plate,Well,Site", meta[0]);
        Assert.StartsWith(gen.Describe(0).Id + ",", meta[1]);
        // Atomic writes leave no temporary files behind.
        Assert.Empty(Directory.GetFiles(_dir, "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public void Cell_painting_layout_writes_16_bit_tiffs_load_data_and_plate_map()
    {
        var cfg = new SyntheticConfig { Kind = SyntheticKind.CellPainting, Seed = 5, Height = 32, Width = 36, SitesPerWell = 2, WellRows = 2, WellColumns = 3 };
        var gen = new SyntheticCellGenerator(cfg);
        SyntheticDatasetWriter.WriteCellPainting(cfg, 4, _dir);
        var load = File.ReadAllLines(Path.Combine(_dir, "load_data.csv"));
        var header = load[0].Split(',');
        Assert.Equal(
            new[]
            {
                "FileName_OrigDNA", "FileName_OrigER", "FileName_OrigRNA", "FileName_OrigAGP", "FileName_OrigMito",
                "PathName_OrigDNA", "PathName_OrigER", "PathName_OrigRNA", "PathName_OrigAGP", "PathName_OrigMito",
                "Metadata_Plate", "Metadata_Well", "Metadata_Site", "Metadata_CellLine",
            },
            header);
        Assert.Equal(5, load.Length);
        for (int i = 0; i < 4; i++)
        {
            var f = gen.Generate(i);
            var cols = load[i + 1].Split(',');
            Assert.Equal(f.Metadata.Plate, cols[10]);
            Assert.Equal(f.Metadata.Well, cols[11]);
            Assert.Equal(f.Metadata.Site.ToString(), cols[12]);
            foreach (var (name, col) in new[] { ("DNA", 0), ("ER", 1), ("RNA", 2), ("AGP", 3), ("Mito", 4) })
            {
                var path = Path.Combine(_dir, cols[col + 5], cols[col]);
                var px = ReadTiff16(path, out int w, out int h);
                Assert.Equal((36, 32), (w, h));
                var plane = f.Image.Channel(f.Image.IndexOfChannel(name)).ToArray();
                Assert.Equal(plane.Select(v => (ushort)v), px);
            }
        }
        var map = File.ReadAllLines(Path.Combine(_dir, "platemap.csv"));
        Assert.Equal("Metadata_Well,Metadata_Treatment,Metadata_MoA,Metadata_Control", map[0]);
        Assert.Equal(1 + cfg.WellsPerPlate, map.Length);
        for (int w = 0; w < cfg.WellsPerPlate; w++)
        {
            var t = gen.TreatmentOfWell(w);
            Assert.Equal($"{gen.WellName(w)},{t.Name},{t.MechanismOfAction},{(t.IsControl ? "true" : "false")}", map[w + 1]);
        }
        Assert.Equal("A01", gen.WellName(0));
        Assert.Equal("B03", gen.WellName(5));
    }

    [Fact]
    public void Writers_reject_the_wrong_kind()
    {
        var cp = new SyntheticConfig { Kind = SyntheticKind.CellPainting };
        Assert.Throws<ArgumentException>(() => SyntheticDatasetWriter.WriteHpa(cp, 1, _dir));
        Assert.Throws<ArgumentException>(() => SyntheticDatasetWriter.WriteCellPainting(new SyntheticConfig(), 1, _dir));
        Assert.Throws<ArgumentOutOfRangeException>(() => SyntheticDatasetWriter.WriteHpa(new SyntheticConfig(), 1, _dir, bitDepth: 12));
        Assert.Throws<ArgumentException>(() => SyntheticDatasetWriter.WriteHpa(new SyntheticConfig { Height = 4 }, 1, _dir));
        Assert.False(Directory.Exists(_dir) && Directory.EnumerateFileSystemEntries(_dir).Any(), "a refused write leaves nothing behind");
    }

    [Fact]
    public void Write_picks_the_layout_of_the_config_kind_and_the_layout_names_map_to_kinds()
    {
        SyntheticDatasetWriter.Write(new SyntheticConfig { Kind = SyntheticKind.CellPainting, Height = 16, Width = 16 }, 2, Path.Combine(_dir, "cp"));
        SyntheticDatasetWriter.Write(new SyntheticConfig { Height = 16, Width = 16 }, 2, Path.Combine(_dir, "hpa"), bitDepth: 16);
        Assert.True(File.Exists(Path.Combine(_dir, "cp", "load_data.csv")));
        Assert.False(File.Exists(Path.Combine(_dir, "cp", "train.csv")));
        Assert.True(File.Exists(Path.Combine(_dir, "hpa", "train.csv")));
        Assert.False(File.Exists(Path.Combine(_dir, "hpa", "load_data.csv")));
        Assert.Equal(["hpa", "cellpainting"], SyntheticDatasetWriter.Layouts.Names);
        Assert.Equal(SyntheticKind.CellPainting, SyntheticDatasetWriter.Layouts.Parse(" CellPainting "));
        Assert.Equal("HPA fields of view", SyntheticDatasetWriter.Layouts.Describe(SyntheticKind.HpaFieldOfView));
        Assert.Contains("hpa, cellpainting", Assert.Throws<ArgumentException>(() => SyntheticDatasetWriter.Layouts.Parse("tiff")).Message);
    }
}
