using CellDino.Data.Synthetic;
using static CellDino.Data.Tests.Synthetic.FieldMeasures;

namespace CellDino.Data.Tests.Synthetic;

/// <summary>The painted protein agrees with the label, measured from pixels and ground-truth masks only.</summary>
public class ProteinPatternTests
{
    // Noise-free, batch-free, single-label fields: 10 per class (one field per well, classes cycle over wells).
    private static readonly Lazy<List<SyntheticField>> Clean = new(() =>
    {
        var gen = new SyntheticCellGenerator(new SyntheticConfig
        {
            Seed = 11, MultiLabelFraction = 0, SitesPerWell = 1, NoiseLevel = 0, BatchEffectStrength = 0,
        });
        return Enumerable.Range(0, 90).Select(gen.Generate).ToList();
    });

    // The same with the default noise and batch effects.
    private static readonly Lazy<List<SyntheticField>> Noisy = new(() =>
    {
        var gen = new SyntheticCellGenerator(new SyntheticConfig { Seed = 12, MultiLabelFraction = 0, SitesPerWell = 1 });
        return Enumerable.Range(0, 90).Select(gen.Generate).ToList();
    });

    private static double[] Measure(List<SyntheticField> fields, int cls, Func<SyntheticField, double> m) =>
        fields.Where(f => f.Metadata.Labels.Single() == cls).Select(m).ToArray();

    private static double[] MeasureOthers(List<SyntheticField> fields, int[] classes, Func<SyntheticField, double> m) =>
        fields.Where(f => !classes.Contains(f.Metadata.Labels.Single())).Select(m).ToArray();

    [Fact]
    public void Nuclear_classes_put_their_protein_inside_the_nucleus()
    {
        foreach (int cls in new[] { SyntheticClasses.Nucleoplasm, SyntheticClasses.Nucleoli })
        {
            Assert.All(Measure(Clean.Value, cls, f => NuclearFraction(f)), v => Assert.True(v > 0.97, $"{SyntheticClasses.Names[cls]}: {v}"));
            Assert.All(Measure(Noisy.Value, cls, f => NuclearFraction(f)), v => Assert.True(v > 0.7, $"{SyntheticClasses.Names[cls]} (noisy): {v}"));
        }
        int[] cytoplasmic =
        {
            SyntheticClasses.Cytosol, SyntheticClasses.Mitochondria, SyntheticClasses.EndoplasmicReticulum,
            SyntheticClasses.PlasmaMembrane, SyntheticClasses.Vesicles, SyntheticClasses.Microtubules,
        };
        foreach (int cls in cytoplasmic)
            Assert.All(Measure(Clean.Value, cls, f => NuclearFraction(f)), v => Assert.True(v < 0.35, $"{SyntheticClasses.Names[cls]}: {v}"));
    }

    [Fact]
    public void Membrane_classes_sit_on_their_outlines()
    {
        var pm = Measure(Clean.Value, SyntheticClasses.PlasmaMembrane, f => BoundaryFraction(f, f.CellMask));
        var pmOthers = MeasureOthers(Clean.Value, new[] { SyntheticClasses.PlasmaMembrane }, f => BoundaryFraction(f, f.CellMask));
        Assert.True(pm.Min() > 0.85, $"plasma membrane boundary fraction {pm.Min()}");
        Assert.True(pm.Min() > pmOthers.Max(), $"{pm.Min()} vs others {pmOthers.Max()}");

        var nm = Measure(Clean.Value, SyntheticClasses.NuclearMembrane, f => BoundaryFraction(f, f.NucleusMask));
        var nmOthers = MeasureOthers(Clean.Value, new[] { SyntheticClasses.NuclearMembrane }, f => BoundaryFraction(f, f.NucleusMask));
        Assert.True(nm.Min() > 0.85, $"nuclear membrane boundary fraction {nm.Min()}");
        Assert.True(nm.Min() > nmOthers.Max(), $"{nm.Min()} vs others {nmOthers.Max()}");
    }

    [Fact]
    public void Er_and_microtubule_classes_follow_their_reference_channels()
    {
        var er = Measure(Clean.Value, SyntheticClasses.EndoplasmicReticulum, f => Correlation(f, Protein, Er));
        var erOthers = MeasureOthers(Clean.Value, new[] { SyntheticClasses.EndoplasmicReticulum }, f => Correlation(f, Protein, Er));
        Assert.True(er.Min() > erOthers.Max(), $"ER correlation {er.Min()} vs others {erOthers.Max()}");
        Assert.True(er.Average() > 0.7, $"mean ER correlation {er.Average()}");

        var mt = Measure(Clean.Value, SyntheticClasses.Microtubules, f => Correlation(f, Protein, Microtubules));
        var mtOthers = MeasureOthers(Clean.Value, new[] { SyntheticClasses.Microtubules }, f => Correlation(f, Protein, Microtubules));
        Assert.True(mt.Min() > mtOthers.Max(), $"MT correlation {mt.Min()} vs others {mtOthers.Max()}");
    }

    [Fact]
    public void Mitochondria_are_punctate_and_cytosol_is_smooth()
    {
        var mito = Measure(Clean.Value, SyntheticClasses.Mitochondria, f => Punctateness(f));
        var cyto = Measure(Clean.Value, SyntheticClasses.Cytosol, f => Punctateness(f));
        Assert.True(mito.Min() > 2 * cyto.Max(), $"mito {mito.Min()} vs cytosol {cyto.Max()}");
    }

    [Fact]
    public void Intensity_statistics_alone_do_not_separate_classes_but_a_compartment_feature_does()
    {
        var fields = Noisy.Value;
        var labels = fields.Select(f => f.Metadata.Labels.Single()).ToArray();
        // Whole-field mean protein intensity: every pair of classes has overlapping ranges.
        var mean = fields.Select(f => Mean(f, Protein)).ToArray();
        for (int a = 0; a < SyntheticClasses.Count; a++)
            for (int b = a + 1; b < SyntheticClasses.Count; b++)
            {
                var va = mean.Where((_, i) => labels[i] == a).ToArray();
                var vb = mean.Where((_, i) => labels[i] == b).ToArray();
                Assert.True(va.Min() < vb.Max() && vb.Min() < va.Max(), $"classes {a} and {b} separate on mean intensity");
            }
        // Leave-one-out 1-NN on the mean intensity stays far from perfect (chance is 1/9).
        Assert.True(LeaveOneOutNearestNeighbour(mean, labels) < 0.4);

        // Protein-in-nucleus fraction splits nuclear from cytoplasmic classes perfectly.
        int[] nuclear = { SyntheticClasses.Nucleoplasm, SyntheticClasses.Nucleoli };
        for (int i = 0; i < fields.Count; i++)
        {
            if (labels[i] == SyntheticClasses.NuclearMembrane) continue;
            bool predicted = NuclearFraction(fields[i]) > 0.6;
            Assert.Equal(nuclear.Contains(labels[i]), predicted);
        }
    }

    private static double LeaveOneOutNearestNeighbour(double[] x, int[] y)
    {
        int correct = 0;
        for (int i = 0; i < x.Length; i++)
        {
            int best = -1;
            for (int j = 0; j < x.Length; j++)
                if (j != i && (best < 0 || Math.Abs(x[j] - x[i]) < Math.Abs(x[best] - x[i]))) best = j;
            if (y[best] == y[i]) correct++;
        }
        return (double)correct / x.Length;
    }
}
