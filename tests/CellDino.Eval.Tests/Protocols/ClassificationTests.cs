using CellDino.Data.Samples;
using CellDino.Eval.Embedding;
using CellDino.Eval.Metrics;
using CellDino.Eval.Probes;
using CellDino.Eval.Protocols;
using Xunit;
using static CellDino.Eval.Tests.Protocols.ProtocolTestData;

namespace CellDino.Eval.Tests.Protocols;

public class ClassificationTests
{
    private static readonly string[] Names = ["a", "b", "c", "d"];

    [Fact]
    public void KnnAndLinearProbeSeparateClearClusters()
    {
        var train = Blobs(30, 4, 8, 1);
        var val = Blobs(10, 4, 8, 2);
        var test = Blobs(15, 4, 8, 3);
        var task = EvaluationTask.CellLine(train.Metadata.Concat(test.Metadata));
        Assert.Equal(["line0", "line1", "line2", "line3"], task.ClassNames);
        var knn = Classification.Knn(train, test, task, "blobs", k: 1);
        Assert.Equal(("cell line", ClassifierSpec.Knn(1)), (knn.Task, knn.Classifier));
        Assert.Equal("kNN (k=1)", knn.Classifier.ToString());
        Assert.True(knn.MacroF1 > 0.95, $"kNN macro F1 {knn.MacroF1}");
        var linear = Classification.Linear(train, val, test, task, "blobs", new LinearProbeOptions { Epochs = 20 });
        Assert.True(linear.Accuracy > 0.95, $"linear accuracy {linear.Accuracy}");
        Assert.Equal((ClassifierKind.LinearProbe, null, "linear probe"), (linear.Classifier.Kind, linear.Classifier.K, linear.Classifier.ToString()));
    }

    [Fact]
    public void MultiLabelLocalizationUsesMultiHotTargets()
    {
        var train = Blobs(30, 4, 8, 4, multiLabel: true);
        var test = Blobs(12, 4, 8, 5, multiLabel: true);
        var task = EvaluationTask.Localization(Names);
        Assert.Equal(ProbeTaskKind.MultiLabel, task.Kind);
        var knn = Classification.Knn(train, test, task, "blobs", k: 1);
        Assert.True(knn.MacroF1 > 0.8, $"multi-label kNN macro F1 {knn.MacroF1}");
    }

    [Fact]
    public void AClassThatATestSplitLacksAndNobodyPredictsDoesNotLowerMacroF1()
    {
        // Five cell lines in training, four in the test split, every test sample right: scikit-learn's default and
        // torchmetrics give 1.0 (averaging over the five classes would give 4/5).
        var train = Blobs(20, 5, 8, 21, noise: 0.1);
        var all = Blobs(10, 5, 8, 22, noise: 0.1);
        var test = all.Subset(Enumerable.Range(0, all.Count).Where(i => all.Metadata[i].CellLine != "line4").ToArray());
        var task = EvaluationTask.CellLine(train.Metadata);
        Assert.Equal(5, task.NumClasses);
        var knn = Classification.Knn(train, test, task, "blobs", k: 1);
        Assert.Equal(1.0, knn.Accuracy, 12);
        Assert.Equal(1.0, knn.MacroF1, 12);
        var linear = Classification.Linear(train, Blobs(4, 5, 8, 23, noise: 0.1), test, task, "blobs", new LinearProbeOptions { Epochs = 20 });
        Assert.Equal(1.0, linear.MacroF1, 12);
    }

    [Fact]
    public void MultiLabelMacroF1AveragesOverThePresentClassesUnlessAllAreAsked()
    {
        // Localization with a 4-class list whose samples use only a and b; the test set is the training set, so k = 1
        // predicts every label set exactly. Present classes: 100, not 100 * 2/4.
        var set = Blobs(6, 2, 8, 51, multiLabel: true);
        var task = EvaluationTasks.Create("localization", set.Metadata, new EvaluationTaskOptions { ClassNames = Names });
        Assert.Same(ClassSubset.Present, task.ScoredClasses);
        var present = Classification.Knn(set, set, task, "blobs", k: 1);
        Assert.Equal((1.0, 1.0, 1.0), (present.MacroF1, present.MicroF1, present.Accuracy));
        var all = Classification.Knn(set, set, task with { ScoredClasses = ClassSubset.All }, "blobs", k: 1);
        Assert.Equal(0.5, all.MacroF1, 12); // c and d score 0: nobody has them and nobody predicts them
        Assert.Equal(1.0, all.Accuracy, 12);
        var onlyB = EvaluationTasks.Create("localization", set.Metadata, new EvaluationTaskOptions { ClassNames = Names, ScoredClasses = ClassSubset.Parse("b, 3") });
        Assert.Equal([1, 3], onlyB.ScoredClasses.Resolve(onlyB.ClassNames)!);
        Assert.Equal(0.5, Classification.Knn(set, set, onlyB, "blobs", k: 1).MacroF1, 12); // b right, d absent
        var unknown = Assert.Throws<ArgumentException>(() => EvaluationTasks.Create("localization", set.Metadata,
            new EvaluationTaskOptions { ClassNames = Names, ScoredClasses = ClassSubset.Parse("e") }));
        Assert.Contains("'e'", unknown.Message);
        Assert.Contains("3 d", unknown.Message);
    }

    [Fact]
    public void AClassListThatDoesNotFitTheLabelsIsAnErrorNamingTheListAndTheUsedClasses()
    {
        var set = Blobs(3, 4, 8, 52); // labels 0..3
        var small = Assert.Throws<ArgumentException>(() => EvaluationTasks.Create("localization", set.Metadata,
            new EvaluationTaskOptions { ClassNames = ["a", "b"], ClassNamesSource = "--class-names two.csv" }));
        Assert.Contains("--class-names two.csv (2 classes) does not fit", small.Message);
        Assert.Contains("they use 4 classes (0, 1, 2, 3)", small.Message);
        // The embeddings say which names the labels were made with: a list of the same size naming them otherwise does not fit.
        string[] stored = ["w", "x", "y", "z", "unused"];
        var renamed = Assert.Throws<ArgumentException>(() => EvaluationTasks.Create("localization", set.Metadata,
            new EvaluationTaskOptions { ClassNames = ["a", "b", "c", "d", "e"], ClassNamesSource = "--class-names hpa", LabelledClassNames = stored }));
        Assert.Contains("--class-names hpa (5 classes) does not fit", renamed.Message);
        Assert.Contains("0 w, 1 x, 2 y, 3 z", renamed.Message);
        Assert.Contains("5-class list stored with the embeddings", renamed.Message);
        // Without a list the stored names are used; the same names given again fit.
        Assert.Equal(stored, EvaluationTasks.Create("localization", set.Metadata, new EvaluationTaskOptions { LabelledClassNames = stored }).ClassNames);
        Assert.Equal(5, EvaluationTasks.Create("localization", set.Metadata, new EvaluationTaskOptions { ClassNames = ["W", "x", "y", "z", "other"], LabelledClassNames = stored }).NumClasses);
        Assert.Equal(["0", "1", "2", "3"], EvaluationTasks.Create("localization", set.Metadata).ClassNames);
    }

    [Fact]
    public void SeveralKsFromOneSearchScoreAsSeparateRuns()
    {
        // Noisy blobs, so the scores differ between k and a wrong cut of the shared neighbours would show.
        foreach (bool multiLabel in new[] { false, true })
        {
            var train = Blobs(25, 4, 8, 31, noise: 1.2, multiLabel: multiLabel);
            var test = Blobs(15, 4, 8, 32, noise: 1.2, multiLabel: multiLabel);
            var task = multiLabel ? EvaluationTask.Localization(Names) : EvaluationTask.CellLine(train.Metadata.Concat(test.Metadata));
            int[] ks = [10, 1, 5];
            var together = Classification.Knn(train, test, task, "blobs", ks);
            Assert.Equal(ks.Select(ClassifierSpec.Knn), together.Select(t => t.Classifier));
            Assert.Equal(ks.Select(k => $"kNN (k={k})"), together.Select(t => t.Classifier.ToString()));
            for (int i = 0; i < ks.Length; i++)
                Assert.Equal(Classification.Knn(train, test, task, "blobs", ks[i]), together[i]);
            Assert.NotEqual(together[0].MacroF1, together[1].MacroF1);
        }
    }

    [Fact]
    public void AveragePrecisionRanksByTheClassifiersScores()
    {
        var train = Blobs(30, 4, 8, 41, noise: 0.2);
        var test = Blobs(10, 4, 8, 42, noise: 0.2);
        var task = EvaluationTask.CellLine(train.Metadata.Concat(test.Metadata));
        var knn = Classification.Knn(train, test, task, "blobs", [1, 10]);
        Assert.All(knn, s => Assert.Equal(1.0, s.MacroAp!.Value, 9));
        var linear = Classification.Linear(train, Blobs(5, 4, 8, 43, noise: 0.2), test, task, "blobs", new LinearProbeOptions { Epochs = 20 });
        Assert.Equal(1.0, linear.MacroAp!.Value, 9);

        // Features unrelated to the labels: AP near the class prevalence (1/4), far below 1.
        var rng = new Random(5);
        EmbeddingSet Noise(EmbeddingSet like) => new(like.Features.Select(_ => (float)Normal(rng)).ToArray(), like.Dim, like.Metadata);
        var chance = Classification.Knn(Noise(train), Noise(test), task, "noise", 10);
        Assert.InRange(chance.MacroAp!.Value, 0.15, 0.5);
        var multi = Classification.Knn(Blobs(30, 4, 8, 44, multiLabel: true), Blobs(12, 4, 8, 45, multiLabel: true), EvaluationTask.Localization(Names), "blobs", 10);
        Assert.InRange(multi.MacroAp!.Value, 0.9, 1.0);
    }

    [Fact]
    public void RandomFeaturesScoreNearChance()
    {
        var rng = new Random(9);
        EmbeddingSet Noise(int n, int seed)
        {
            var blobs = Blobs(n, 4, 8, seed);
            var f = blobs.Features.Select(_ => (float)Normal(rng)).ToArray();
            return new EmbeddingSet(f, 8, blobs.Metadata);
        }
        var task = EvaluationTask.CellLine(Blobs(1, 4, 8, 0).Metadata);
        var score = Classification.Knn(Noise(40, 1), Noise(40, 2), task, "noise", k: 10);
        Assert.InRange(score.Accuracy, 0.1, 0.45);
    }

    [Fact]
    public void MacroF1MetricMatchesAHandWorkedExample()
    {
        // Multi-class, 2 classes: truth [0,0,1,1], argmax predictions [0,1,1,1]:
        // class 0: P 1, R 0.5, F1 2/3; class 1: P 2/3, R 1, F1 0.8; macro 0.7333...
        var data = ProbeDataset.FromClassIndices(new float[4], 1, [0, 0, 1, 1], 2);
        var task = new EvaluationTask("t", ProbeTaskKind.MultiClass, ["x", "y"], m => m.Labels);
        float[] scores = [0.9f, 0.1f, 0.4f, 0.6f, 0.2f, 0.8f, 0.3f, 0.7f];
        Assert.Equal((2.0 / 3 + 0.8) / 2, Classification.MacroF1Metric(task)(scores, data), 12);
    }

    [Fact]
    public void BadInputIsRejectedClearly()
    {
        var a = Blobs(5, 2, 4, 1);
        var b = Blobs(5, 2, 6, 2);
        var task = EvaluationTask.CellLine(a.Metadata);
        Assert.Contains("widths differ", Assert.Throws<ArgumentException>(() => Classification.Knn(a, b, task, "x")).Message);
        var nan = new EmbeddingSet(a.Features.Select((v, i) => i == 5 ? float.NaN : v).ToArray(), 4, a.Metadata);
        Assert.Contains(a.Metadata[1].Id, Assert.Throws<ArgumentException>(() => Classification.Knn(nan, a, task, "x")).Message);
        var unknown = new EmbeddingSet(a.Features, 4, a.Metadata.Select(m => m with { CellLine = "other" }).ToArray());
        Assert.Contains("not seen", Assert.Throws<ArgumentException>(() => Classification.Knn(a, unknown, task, "x")).Message);
        Assert.Throws<ArgumentException>(() => EvaluationTask.CellLine([new SampleMetadata { Id = "x", CellLine = "only" }]));
    }

    [Fact]
    public void LowShotCurveRisesWithLabels()
    {
        var train = Blobs(40, 4, 8, 6, noise: 1.5);
        var val = Blobs(10, 4, 8, 7, noise: 1.5);
        var test = Blobs(20, 4, 8, 8, noise: 1.5);
        var task = EvaluationTask.CellLine(train.Metadata);
        var curve = Classification.LowShotLinear(train, val, test, task, new LowShotOptions { Fractions = [0.025, 1.0], Seeds = [0, 1] },
            new LinearProbeOptions { Epochs = 10, LearningRates = [0.01, 0.1], WeightDecays = [0] });
        Assert.Equal(2, curve.Count);
        Assert.True(curve[1].Mean >= curve[0].Mean, $"{curve[0].Mean} -> {curve[1].Mean}");
        Assert.Equal(2, curve[0].Runs.Count);
    }

    [Fact]
    public void LeakageCountsSharedSamplesAndCellsOfSharedFields()
    {
        EmbeddingSet Cells(params (string Field, int Cell)[] cells) => new(new float[cells.Length], 1,
            cells.Select(c => new SampleMetadata { Id = $"{c.Field}_{c.Cell}", ImageId = c.Field, CellId = c.Cell }).ToArray());
        var train = Cells(("f1", 1), ("f1", 2), ("f2", 1));
        // Other cells of field f2 (seen in training) and a new field: no id is shared, yet two cells share a field.
        var leak = SplitLeakage.Find(train, Cells(("f2", 2), ("f2", 3), ("f3", 1)));
        Assert.Equal((3, 0, 2), (leak.TestCount, leak.SharedSamples, leak.SharedFieldSamples));
        Assert.Equal(["f2"], leak.SharedFields);
        Assert.False(leak.IsNone);
        var same = SplitLeakage.Find(train, Cells(("f1", 2)));
        Assert.Equal((1, 1), (same.SharedSamples, same.SharedFieldSamples));
        Assert.True(SplitLeakage.Find(train, Cells(("f3", 1), ("f4", 1))).IsNone);
        // Fields of view themselves (no ImageId) are compared by id only.
        var fields = new EmbeddingSet(new float[2], 1, [new SampleMetadata { Id = "a" }, new SampleMetadata { Id = "b" }]);
        Assert.True(SplitLeakage.Find(fields, new EmbeddingSet(new float[1], 1, [new SampleMetadata { Id = "c" }])).IsNone);
    }

    [Fact]
    public void RetrievalPrecisionCountsSharedLabels()
    {
        // Two tight pairs far apart: each point's nearest neighbour shares its label.
        float[] f = [1, 0, 0.99f, 0.1f, 0, 1, 0.1f, 0.99f];
        var meta = new[] { "a", "a", "b", "b" }.Select((l, i) => new SampleMetadata { Id = $"{i}", CellLine = l }).ToArray();
        var set = new EmbeddingSet(f, 2, meta);
        var task = EvaluationTask.CellLine(meta);
        var k1 = Retrieval.PrecisionAtK(set, task, 1);
        Assert.Equal(("cell line", 1, 4), (k1.Task, k1.K, k1.Queries));
        Assert.Equal(1.0, k1.Precision, 12);
        // k = 2: one of the two neighbours is from the other pair.
        Assert.Equal(0.5, Retrieval.PrecisionAtK(set, task, 2).Precision, 12);
    }
}
