using CellDino.Eval.Probes;
using static TorchSharp.torch;

namespace CellDino.Eval.Tests.Probes;

public class LowShotTests
{
    // Unbalanced classes: 100, 60, 30 and 10 rows.
    private static ProbeDataset Unbalanced()
    {
        int[] sizes = { 100, 60, 30, 10 };
        var labels = sizes.SelectMany((n, c) => Enumerable.Repeat(c, n)).ToArray();
        return ProbeDataset.FromClassIndices(new float[labels.Length * 2], 2, labels, 4, "train");
    }

    [Theory]
    [InlineData(0.01, new[] { 1, 1, 1, 1 })]
    [InlineData(0.10, new[] { 10, 6, 3, 1 })]
    [InlineData(0.25, new[] { 25, 15, 8, 3 })]   // 7.5 and 2.5 round away from zero
    [InlineData(0.50, new[] { 50, 30, 15, 5 })]
    [InlineData(1.00, new[] { 100, 60, 30, 10 })]
    public void MultiClassSubsetsKeepTheFractionOfEveryClassAndAtLeastOne(double fraction, int[] expected)
    {
        var data = Unbalanced();
        var subset = LowShot.Subset(data, fraction, seed: 0, ProbeTaskKind.MultiClass);
        var counts = new int[4];
        foreach (int i in subset) counts[data.Labels[i][0]]++;
        Assert.Equal(expected, counts);
        Assert.Equal(subset.Distinct().Order(), subset);
    }

    [Fact]
    public void SubsetsAreDeterministicPerSeedAndNestedAcrossFractions()
    {
        var data = Unbalanced();
        var a = LowShot.Subset(data, 0.1, seed: 5, ProbeTaskKind.MultiClass);
        Assert.Equal(a, LowShot.Subset(data, 0.1, seed: 5, ProbeTaskKind.MultiClass));
        Assert.NotEqual(a, LowShot.Subset(data, 0.1, seed: 6, ProbeTaskKind.MultiClass));
        var larger = LowShot.Subset(data, 0.5, seed: 5, ProbeTaskKind.MultiClass);
        Assert.Subset(larger.ToHashSet(), a.ToHashSet());
    }

    [Fact]
    public void MultiLabelSubsetsServeTheRarestLabelFirst()
    {
        // Label 2 is rare (8 rows, always with label 0); label 0 is on 100 rows, label 1 on 50; 20 rows have no label.
        var labels = new List<IReadOnlyList<int>>();
        for (int i = 0; i < 100; i++) labels.Add(i < 8 ? new[] { 0, 2 } : i < 50 ? new[] { 0, 1 } : new[] { 0 });
        for (int i = 0; i < 8; i++) labels.Add(new[] { 1 });
        for (int i = 0; i < 20; i++) labels.Add(Array.Empty<int>());
        var data = new ProbeDataset(new float[labels.Count], 1, labels, 3, "train");

        var subset = LowShot.Subset(data, 0.1, seed: 1, ProbeTaskKind.MultiLabel);
        int Count(int c) => subset.Count(i => data.Labels[i].Contains(c));
        // Labels are visited 2, 1, 0. Every label reaches its quota; rows drawn for a later label also count for the
        // earlier labels they carry, so those can exceed theirs. Label 0 comes last and stops exactly at round(0.1 · 100).
        Assert.InRange(Count(2), 1, 1 + 9);             // quota max(1, round(0.8))
        Assert.InRange(Count(1), 5, 5 + 9);             // quota round(0.1 · 50)
        Assert.Equal(10, Count(0));
        // 1 row for label 2, 5 for label 1, then 10 − 1 − k for label 0 (k = label-1 rows also carrying 0), 2 unlabelled.
        Assert.InRange(subset.Length, 10 + 2, 15 + 2);
        Assert.Equal(2, subset.Count(i => data.Labels[i].Count == 0));
        Assert.Equal(subset, LowShot.Subset(data, 0.1, seed: 1, ProbeTaskKind.MultiLabel));
    }

    [Fact]
    public void RunAggregatesMeanAndSampleStdPerFraction()
    {
        var data = Unbalanced();
        var sizes = new List<(int Count, int Seed)>();
        var curves = LowShot.Run(data, (subset, seed) =>
        {
            sizes.Add((subset.Count, seed));
            return seed;   // scores 0, 1, 2: mean 1, sample std 1
        }, new LowShotOptions { Fractions = new[] { 0.1, 1.0 }, Seeds = new[] { 0, 1, 2 } });

        Assert.Equal(2, curves.Count);
        Assert.Equal((0.1, 1.0, 1.0), (curves[0].Fraction, curves[0].Mean, curves[0].Std));
        Assert.Equal(new[] { 0.0, 1.0, 2.0 }, curves[1].Runs);
        Assert.Equal(new[] { (20, 0), (20, 1), (20, 2), (200, 0), (200, 1), (200, 2) }, sizes);
    }

    [Fact]
    public void LinearProbeCurveOnBlobsRisesWithTheFraction()
    {
        var train = ProbeData.Blobs(100, seed: 1, separation: 2.5, name: "train");
        var test = ProbeData.Blobs(50, seed: 2, separation: 2.5, name: "test");
        var o = new LinearProbeOptions { Epochs = 10, BatchSize = 16, Device = CPU, LearningRates = new[] { 1e-2, 1e-1 }, WeightDecays = new[] { 0.0 } };
        var curves = LowShot.Run(train,
            (subset, seed) => LinearProbe.Run(subset, test, test, o with { Seed = seed }).ValidationScore,
            new LowShotOptions { Fractions = new[] { 0.01, 0.1, 1.0 }, Seeds = new[] { 0, 1 } });

        Assert.True(curves[0].Mean < curves[2].Mean, $"1 %: {curves[0].Mean}, 100 %: {curves[2].Mean}");
        Assert.True(curves[1].Mean <= curves[2].Mean + 0.02, $"10 %: {curves[1].Mean}, 100 %: {curves[2].Mean}");
        Assert.True(curves[2].Mean >= 0.9, $"100 %: {curves[2].Mean}");
    }

    [Fact]
    public void BadFractionsAreRejected()
    {
        var data = Unbalanced();
        Assert.Throws<ArgumentException>(() => LowShot.Subset(data, 0, 0, ProbeTaskKind.MultiClass));
        Assert.Contains("(0, 1]", Assert.Throws<ArgumentException>(() =>
            LowShot.Run(data, (_, _) => 0, new LowShotOptions { Fractions = new[] { 1.5 } })).Message);
    }
}
