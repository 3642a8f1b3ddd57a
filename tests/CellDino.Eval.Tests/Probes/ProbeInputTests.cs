using CellDino.Eval.Probes;
using static TorchSharp.torch;

namespace CellDino.Eval.Tests.Probes;

public class ProbeInputTests
{
    private static readonly LinearProbeOptions Tiny = new() { Epochs = 1, Device = CPU, LearningRates = new[] { 1e-2 }, WeightDecays = new[] { 0.0 } };

    [Fact]
    public void FeaturesNotNTimesDAreRejected()
    {
        var e = Assert.Throws<ArgumentException>(() => ProbeDataset.FromClassIndices(new float[10], 4, new[] { 0, 1, 0 }, 2, "train"));
        Assert.Contains("train", e.Message);
        Assert.Contains("expected N·D = 3·4 = 12", e.Message);
    }

    [Fact]
    public void LabelCountNotMatchingTheRowsIsRejected()
    {
        var e = Assert.Throws<ArgumentException>(() => new ProbeDataset(new float[12], 4, new IReadOnlyList<int>[] { new[] { 0 }, new[] { 1 } }, 2, "validation"));
        Assert.Contains("validation: features have length 12, expected N·D = 2·4 = 8", e.Message);
    }

    [Fact]
    public void NonFiniteFeaturesNameTheirRowAndColumn()
    {
        var f = new float[12];
        f[9] = float.NaN;
        var e = Assert.Throws<ArgumentException>(() => ProbeDataset.FromClassIndices(f, 4, new[] { 0, 1, 0 }, 2, "train"));
        Assert.Contains("row 2, column 1 is NaN", e.Message);
        f[9] = float.PositiveInfinity;
        Assert.Throws<ArgumentException>(() => ProbeDataset.FromClassIndices(f, 4, new[] { 0, 1, 0 }, 2, "train"));
    }

    [Fact]
    public void LabelsOutsideTheClassRangeAreRejected()
    {
        var e = Assert.Throws<ArgumentException>(() => ProbeDataset.FromClassIndices(new float[6], 2, new[] { 0, 3, 1 }, 3, "test"));
        Assert.Contains("label row 1 has class 3, expected 0 ≤ class < 3", e.Message);
    }

    [Fact]
    public void AClassWithoutTrainingExampleIsRejected()
    {
        var train = ProbeDataset.FromClassIndices(new float[8], 2, new[] { 0, 1, 0, 1 }, 3, "train");
        var val = ProbeDataset.FromClassIndices(new float[6], 2, new[] { 0, 1, 2 }, 3, "validation");
        var e = Assert.Throws<ArgumentException>(() => LinearProbe.Run(train, val, val, Tiny));
        Assert.Contains("train: class 2 has no training example", e.Message);
        Assert.Throws<ArgumentException>(() => MlpProbe.Run(train, val, val, new MlpProbeOptions { Device = CPU }));
    }

    [Fact]
    public void SplitsMustAgreeAndMultiClassRowsNeedOneLabel()
    {
        var train = ProbeDataset.FromClassIndices(new float[8], 2, new[] { 0, 1, 0, 1 }, 2, "train");
        var wide = ProbeDataset.FromClassIndices(new float[6], 3, new[] { 0, 1 }, 2, "validation");
        Assert.Contains("validation: feature width 3 differs from the training width 2",
            Assert.Throws<ArgumentException>(() => LinearProbe.Run(train, wide, train, Tiny)).Message);

        var multi = new ProbeDataset(new float[4], 2, new IReadOnlyList<int>[] { new[] { 0 }, new[] { 0, 1 } }, 2, "test");
        Assert.Contains("test: label row 1 has 2 labels",
            Assert.Throws<ArgumentException>(() => LinearProbe.Run(train, train, multi, Tiny)).Message);
        // The same rows are fine for a multi-label task.
        LinearProbe.Run(train, train, multi, Tiny with { TaskKind = ProbeTaskKind.MultiLabel });
    }

    [Fact]
    public void BadOptionsAreRejected()
    {
        var d = ProbeData.Blobs(3, seed: 1);
        Assert.Contains("Epochs", Assert.Throws<ArgumentException>(() => LinearProbe.Run(d, d, d, Tiny with { Epochs = 0 })).Message);
        Assert.Contains("LearningRates", Assert.Throws<ArgumentException>(() => LinearProbe.Run(d, d, d, Tiny with { LearningRates = Array.Empty<double>() })).Message);
        Assert.Contains("WeightDecays", Assert.Throws<ArgumentException>(() => LinearProbe.Run(d, d, d, Tiny with { WeightDecays = new[] { -1.0 } })).Message);
    }

    [Fact]
    public void EmbeddingSetsBecomeProbeDataWithTheChosenLabels()
    {
        var meta = new[]
        {
            new CellDino.Data.Samples.SampleMetadata { Id = "a", Labels = new[] { 0, 2 }, CellLine = "U-2 OS" },
            new CellDino.Data.Samples.SampleMetadata { Id = "b", Labels = new[] { 1 }, CellLine = "HeLa" },
        };
        var set = new CellDino.Eval.Embedding.EmbeddingSet(new float[] { 1, 2, 3, 4, 5, 6 }, 3, meta);
        var protein = ProbeDataset.Create(set, CellDino.Eval.Protocols.EvaluationTask.Localization(["a", "b", "c"]), "hpa");
        Assert.Equal((2, 3), (protein.Count, protein.Dim));
        Assert.Equal(new[] { 0, 2 }, protein.Labels[0]);
        var cellLine = ProbeDataset.Create(set, CellDino.Eval.Protocols.EvaluationTask.CellLine(meta), "hpa");
        Assert.Equal(2, cellLine.NumClasses);
        Assert.Equal(new[] { 1, 0 }, cellLine.Labels.Select(l => l[0]));
        Assert.Same(set.Features, cellLine.Features);
    }

    [Fact]
    public void SubsetCopiesRowsAndLabels()
    {
        var d = ProbeDataset.FromClassIndices(new float[] { 1, 2, 3, 4, 5, 6 }, 2, new[] { 0, 1, 2 }, 3, "d");
        var s = d.Subset(new[] { 2, 0 });
        Assert.Equal(new float[] { 5, 6, 1, 2 }, s.Features);
        Assert.Equal(new[] { 2, 0 }, s.Labels.Select(l => l[0]));
        Assert.Equal(new[] { 1, 1, 1 }, d.ClassCounts());
        Assert.Throws<ArgumentOutOfRangeException>(() => d.Subset(new[] { 3 }));
    }
}
