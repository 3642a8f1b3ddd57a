using CellDino.Data.Synthetic;

namespace CellDino.Data.Tests.Synthetic;

public class SyntheticCellGeneratorTests
{
    [Fact]
    public void Same_seed_paints_identical_fields_and_a_different_seed_does_not()
    {
        var cfg = new SyntheticConfig { Seed = 5 };
        var a = new SyntheticCellGenerator(cfg).Generate(17);
        var b = new SyntheticCellGenerator(cfg).Generate(17);
        Assert.Equal(a.Image.Pixels, b.Image.Pixels);
        Assert.Equal(a.CellMask, b.CellMask);
        Assert.Equal(a.NucleusMask, b.NucleusMask);
        Assert.Equal(a.Metadata.Id, b.Metadata.Id);
        Assert.Equal(a.Metadata.Labels, b.Metadata.Labels);

        var c = new SyntheticCellGenerator(cfg with { Seed = 6 }).Generate(17);
        Assert.NotEqual(a.Image.Pixels, c.Image.Pixels);
        Assert.NotEqual(a.Image.Pixels, new SyntheticCellGenerator(cfg).Generate(18).Image.Pixels);
    }

    [Theory]
    [InlineData(SyntheticKind.HpaFieldOfView, 64, 64, 4)]
    [InlineData(SyntheticKind.CellPainting, 96, 80, 5)]
    [InlineData(SyntheticKind.HpaFieldOfView, 128, 128, 4)]
    public void Fields_have_the_kind_channels_and_integral_16_bit_values(SyntheticKind kind, int h, int w, int channels)
    {
        var f = new SyntheticCellGenerator(new SyntheticConfig { Kind = kind, Height = h, Width = w, Seed = 2 }).Generate(3);
        Assert.Equal(channels, f.Image.Channels);
        Assert.Equal(16, f.Image.BitDepth);
        Assert.Equal((h, w), (f.Image.Height, f.Image.Width));
        Assert.All(f.Image.Pixels, v => Assert.True(v >= 0 && v <= 65535 && v == MathF.Round(v)));
        Assert.Equal(kind == SyntheticKind.HpaFieldOfView ? SyntheticClasses.HpaChannels : SyntheticClasses.CellPaintingChannels, f.Image.ChannelNames);
    }

    [Fact]
    public void Masks_match_the_cell_list()
    {
        var gen = new SyntheticCellGenerator(new SyntheticConfig { Seed = 8, MinCellsPerField = 3, MaxCellsPerField = 5 });
        for (int i = 0; i < 10; i++)
        {
            var f = gen.Generate(i);
            Assert.InRange(f.Cells.Count, 3, 5);
            Assert.Equal(gen.CellCount(i), f.Cells.Count);
            Assert.Equal(Enumerable.Range(1, f.Cells.Count), f.Cells.Select(c => c.Id));
            foreach (var c in f.Cells)
            {
                Assert.Equal(c.Area, f.CellMask.Count(m => m == c.Id));
                Assert.Equal(c.NucleusArea, f.NucleusMask.Count(m => m == c.Id));
                Assert.True(c.NucleusArea < c.Area);
            }
            // Every nucleus pixel lies in its own cell.
            for (int p = 0; p < f.CellMask.Length; p++)
                if (f.NucleusMask[p] != 0) Assert.Equal(f.NucleusMask[p], f.CellMask[p]);
            // Nuclei are brighter in the nucleus channel than the cytoplasm.
            var nuc = f.Image.Channel(2).ToArray();
            double inside = Enumerable.Range(0, nuc.Length).Where(p => f.NucleusMask[p] != 0).Average(p => nuc[p]);
            double outside = Enumerable.Range(0, nuc.Length).Where(p => f.CellMask[p] != 0 && f.NucleusMask[p] == 0).Average(p => nuc[p]);
            Assert.True(inside > 3 * outside);
        }
    }

    [Fact]
    public void Classes_are_balanced_and_multi_label_fraction_is_respected()
    {
        var gen = new SyntheticCellGenerator(new SyntheticConfig { Seed = 1, SitesPerWell = 2, MultiLabelFraction = 0.3 });
        var metas = Enumerable.Range(0, 2 * 9 * 40).Select(gen.Describe).ToList();
        // Sites of a well share labels.
        for (int i = 0; i < metas.Count; i += 2) Assert.Equal(metas[i].Labels, metas[i + 1].Labels);
        var primary = metas.Select(m => m.Labels[0]).GroupBy(x => x).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(9, primary.Count);
        Assert.All(primary.Values, n => Assert.Equal(80, n));
        double multi = metas.Count(m => m.Labels.Count > 1) / (double)metas.Count;
        Assert.InRange(multi, 0.18, 0.42);
        Assert.All(metas, m => Assert.Equal(m.Labels.Count, m.Labels.Distinct().Count()));
        Assert.All(metas, m => Assert.All(m.Labels, l => Assert.InRange(l, 0, SyntheticClasses.Count - 1)));
    }

    [Fact]
    public void Cell_painting_metadata_has_layout_treatments_and_controls()
    {
        var cfg = new SyntheticConfig { Kind = SyntheticKind.CellPainting, Seed = 4, SitesPerWell = 2 };
        var gen = new SyntheticCellGenerator(cfg);
        int perPlate = cfg.WellsPerPlate * cfg.SitesPerWell;
        var metas = Enumerable.Range(0, 2 * perPlate).Select(gen.Describe).ToList();
        Assert.Equal("SYN0001", metas[0].Plate);
        Assert.Equal("A01", metas[0].Well);
        Assert.Equal(1, metas[0].Site);
        Assert.Equal(2, metas[1].Site);
        Assert.Equal("A02", metas[2].Well);
        Assert.Equal("SYN0002", metas[perPlate].Plate);
        Assert.Equal(metas.Count, metas.Select(m => m.Id).Distinct().Count());
        Assert.All(metas, m =>
        {
            Assert.NotNull(m.Treatment);
            Assert.NotNull(m.MechanismOfAction);
            Assert.Equal(m.Treatment == "DMSO", m.IsControl);
            Assert.Empty(m.Labels);
        });
        Assert.Contains(metas, m => m.IsControl);
        // Same plate map on both plates.
        for (int i = 0; i < perPlate; i++) Assert.Equal(metas[i].Treatment, metas[i + perPlate].Treatment);
        // Each plate uses one cell line.
        Assert.Single(metas.Take(perPlate).Select(m => m.CellLine).Distinct());
    }

    [Fact]
    public void Treatments_shift_morphology_in_their_direction()
    {
        var baseCfg = new SyntheticConfig { Kind = SyntheticKind.CellPainting, Seed = 21, NoiseLevel = 0, CellLines = new[] { SyntheticCellLines.U2OS } };
        (double Nucleus, double Elongation) Profile(SyntheticTreatment t)
        {
            var gen = new SyntheticCellGenerator(baseCfg with { Treatments = new[] { t } });
            var fields = Enumerable.Range(0, 30).Select(gen.Generate).ToList();
            var cells = fields.SelectMany(f => f.Cells.Select(c => (f, c))).Where(x => x.c.Area > 20).ToList();
            return (cells.Average(x => x.c.NucleusArea / (double)x.c.Area * x.c.Area), cells.Average(x => FieldMeasures.Elongation(x.f, x.c.Id)));
        }
        var dmso = Profile(SyntheticTreatments.Dmso);
        var etoposide = Profile(SyntheticTreatments.All.Single(t => t.Name == "etoposide"));
        var nocodazole = Profile(SyntheticTreatments.All.Single(t => t.Name == "nocodazole"));
        Assert.True(etoposide.Nucleus > 1.4 * dmso.Nucleus, $"nucleus area {etoposide.Nucleus} vs DMSO {dmso.Nucleus}");
        Assert.True(nocodazole.Elongation < dmso.Elongation - 0.2, $"elongation {nocodazole.Elongation} vs DMSO {dmso.Elongation}");
    }

    [Fact]
    public void Mitochondrial_uncouplers_fragment_the_mito_channel()
    {
        var cfg = new SyntheticConfig { Kind = SyntheticKind.CellPainting, Seed = 22, NoiseLevel = 0, BatchEffectStrength = 0 };
        double Puncta(SyntheticTreatment t)
        {
            var gen = new SyntheticCellGenerator(cfg with { Treatments = new[] { t } });
            return Enumerable.Range(0, 20).Average(i => FieldMeasures.Punctateness(gen.Generate(i), channel: 4));
        }
        double dmso = Puncta(SyntheticTreatments.Dmso);
        double cccp = Puncta(SyntheticTreatments.All.Single(t => t.Name == "CCCP"));
        Assert.True(cccp > 1.25 * dmso, $"CCCP punctateness {cccp} vs DMSO {dmso}");
    }

    [Fact]
    public void Cell_lines_have_distinct_sizes_and_shapes()
    {
        var stats = SyntheticCellLines.All.ToDictionary(l => l.Name, l =>
        {
            var gen = new SyntheticCellGenerator(new SyntheticConfig { Seed = 30, CellLines = new[] { l }, Height = 96, Width = 96, NoiseLevel = 0 });
            var cells = Enumerable.Range(0, 25).Select(gen.Generate).SelectMany(f => f.Cells.Select(c => (f, c))).Where(x => x.c.Area > 20).ToList();
            return (Area: cells.Average(x => (double)x.c.Area), Elong: cells.Average(x => FieldMeasures.Elongation(x.f, x.c.Id)),
                    NucFrac: cells.Average(x => x.c.NucleusArea / (double)x.c.Area));
        });
        var u2os = stats["U-2 OS"];
        var a549 = stats["A549"];
        var shsy = stats["SH-SY5Y"];
        Assert.True(u2os.Area > 1.2 * a549.Area && a549.Area > 1.2 * shsy.Area, $"areas {u2os.Area} {a549.Area} {shsy.Area}");
        Assert.True(shsy.Elong > u2os.Elong && u2os.Elong > a549.Elong, $"elongations {shsy.Elong} {u2os.Elong} {a549.Elong}");
        Assert.True(a549.NucFrac > 1.3 * u2os.NucFrac, $"nucleus fractions {a549.NucFrac} {u2os.NucFrac}");
    }

    [Fact]
    public void Batch_effects_differ_between_plates_and_vanish_at_zero_strength()
    {
        var cfg = new SyntheticConfig { Seed = 3 };
        var gen = new SyntheticCellGenerator(cfg);
        int perPlate = cfg.WellsPerPlate * cfg.SitesPerWell;
        var p1 = gen.Generate(0).BatchEffect;
        var p1b = gen.Generate(1).BatchEffect;
        var p2 = gen.Generate(perPlate).BatchEffect;
        Assert.Equal(p1.Background, p1b.Background);
        Assert.NotEqual(p1.Background, p2.Background);
        Assert.NotEqual(p1.ChannelGain, p2.ChannelGain);
        var none = new SyntheticCellGenerator(cfg with { BatchEffectStrength = 0 }).Generate(0).BatchEffect;
        Assert.All(none.ChannelGain, g => Assert.Equal(1f, g));
        Assert.Equal(0f, none.BlurSigma);
    }

    [Fact]
    public void Invalid_configs_are_rejected_with_the_setting_named()
    {
        var ex = Assert.Throws<ArgumentException>(() => new SyntheticCellGenerator(new SyntheticConfig { MinCellsPerField = 3, MaxCellsPerField = 2 }));
        Assert.Contains("Cells per field", ex.Message);
        Assert.Throws<ArgumentException>(() => new SyntheticCellGenerator(new SyntheticConfig { Height = 4 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SyntheticCellGenerator(new SyntheticConfig()).Generate(-1));
    }
}
