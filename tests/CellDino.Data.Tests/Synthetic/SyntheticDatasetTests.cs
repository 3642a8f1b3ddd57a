using CellDino.Data.Samples;
using CellDino.Data.Synthetic;

namespace CellDino.Data.Tests.Synthetic;

public class SyntheticDatasetTests
{
    [Theory]
    [InlineData(SyntheticKind.HpaFieldOfView)]
    [InlineData(SyntheticKind.CellPainting)]
    public void Random_access_equals_streaming(SyntheticKind kind)
    {
        var ds = new SyntheticDataset(new SyntheticConfig { Kind = kind, Seed = 7, Height = 32, Width = 32 }, 12);
        var streamed = ((IMicroscopyDataset)ds).Stream().ToList();
        Assert.Equal(12, streamed.Count);
        foreach (int i in Enumerable.Range(0, 12).Reverse())
        {
            var s = ds.Get(i);
            Assert.Equal(streamed[i].Image.Pixels, s.Image.Pixels);
            Assert.Equal(streamed[i].Metadata.Id, s.Metadata.Id);
            MetadataAssert.Same(ds.GetMetadata(i), s.Metadata);
        }
        Assert.Equal(ds.Generator.ChannelNames, ds.ChannelNames);
        Assert.Equal(kind == SyntheticKind.HpaFieldOfView ? 9 : 0, ds.ClassNames.Count);
    }

    [Fact]
    public void Parallel_access_gives_the_same_pixels()
    {
        var ds = new SyntheticDataset(new SyntheticConfig { Seed = 2, Height = 32, Width = 32 }, 16);
        var seq = Enumerable.Range(0, 16).Select(i => ds.Get(i).Image.Pixels).ToArray();
        var par = new float[16][];
        Parallel.For(0, 16, i => par[i] = ds.Get(i).Image.Pixels);
        for (int i = 0; i < 16; i++) Assert.Equal(seq[i], par[i]);
    }

    [Fact]
    public void Single_cell_mode_crops_every_cell_of_consecutive_fields()
    {
        var cfg = new SyntheticConfig { Seed = 9, SingleCellCropSize = 24, MaskOtherCells = true };
        var ds = new SyntheticDataset(cfg, 20);
        Assert.Equal(20, ds.Count);
        var gen = ds.Generator;
        int index = 0;
        for (int f = 0; index < ds.Count; f++)
        {
            var field = gen.Generate(f);
            for (int c = 1; c <= field.Cells.Count && index < ds.Count; c++, index++)
            {
                Assert.Equal((f, c), ds.Locate(index));
                var s = ds.Get(index);
                Assert.Equal((24, 24, 4), (s.Image.Height, s.Image.Width, s.Image.Channels));
                Assert.Equal($"{field.Metadata.Id}_c{c}", s.Metadata.Id);
                Assert.Equal(field.Metadata.Id, s.Metadata.ImageId);
                Assert.Equal(c, s.Metadata.CellId);
                Assert.Equal(field.Metadata.Labels, s.Metadata.Labels);
                MetadataAssert.Same(s.Metadata, ds.GetMetadata(index));
                // Masked crop: the non-zero pixels are exactly the cell's pixels inside the window.
                var cell = field.Cells[c - 1];
                int x0 = (int)MathF.Round(cell.CenterX - 12), y0 = (int)MathF.Round(cell.CenterY - 12);
                var nuc = s.Image.Channel(2);
                for (int y = 0; y < 24; y++)
                    for (int x = 0; x < 24; x++)
                    {
                        int sy = y0 + y, sx = x0 + x;
                        bool inside = sy >= 0 && sx >= 0 && sy < cfg.Height && sx < cfg.Width && field.CellMask[sy * cfg.Width + sx] == c;
                        float expected = inside ? field.Image.Channel(2)[sy * cfg.Width + sx] : 0f;
                        Assert.Equal(expected, nuc[y * 24 + x]);
                    }
            }
        }
        Assert.Throws<ArgumentOutOfRangeException>(() => ds.Get(20));
    }
}
