using CellDino.Eval.Probes;
using static TorchSharp.torch;

namespace CellDino.Eval.Tests.Probes;

public class LinearProbeTests
{
    private static readonly ProbeDataset Train = ProbeData.Blobs(50, seed: 1, name: "train");
    private static readonly ProbeDataset Val = ProbeData.Blobs(25, seed: 2, name: "validation");
    private static readonly ProbeDataset Test = ProbeData.Blobs(25, seed: 3, name: "test");

    [Fact]
    public void SeparableBlobsReachNinetyFivePercentWithTheDefaultGrid()
    {
        var result = LinearProbe.Run(Train, Val, Test, new LinearProbeOptions { Epochs = 5, BatchSize = 32, Device = CPU });

        Assert.Equal(48, result.Combos.Count);
        Assert.Equal(Test.Count * 4, result.TestScores.Length);
        Assert.True(ProbeData.Accuracy(result.Predictions, Test) >= 0.95, $"test accuracy {ProbeData.Accuracy(result.Predictions, Test)}");
        Assert.True(result.ValidationScore >= 0.95, $"validation accuracy {result.ValidationScore}");
        // Softmax rows sum to one.
        for (int i = 0; i < Test.Count; i++)
            Assert.Equal(1.0, result.TestScores.AsSpan(i * 4, 4).ToArray().Sum(), 4);
    }

    [Fact]
    public void WithFewStepsTheTinyLearningRatesLoseAndAreNotPicked()
    {
        // 2 epochs of 7 steps: at lr 1e-5·32/256 the N(0, 0.01²) weights barely move, so those classifiers stay near chance.
        var result = LinearProbe.Run(Train, Val, Test, new LinearProbeOptions { Epochs = 2, BatchSize = 32, Device = CPU });

        Assert.True(result.BestLearningRate >= 1e-3, $"picked lr {result.BestLearningRate}");
        double smallest = result.Combos.Where(c => c.LearningRate == 1e-5).Max(c => c.ValidationScore);
        Assert.True(smallest < result.ValidationScore - 0.2, $"lr 1e-5 scored {smallest}, best {result.ValidationScore}");
        var best = result.Combos.First(c => c.ValidationScore == result.ValidationScore);
        Assert.Equal((best.LearningRate, best.WeightDecay), (result.BestLearningRate, result.BestWeightDecay));
    }

    [Theory]
    [InlineData(ProbeTaskKind.MultiClass)]
    [InlineData(ProbeTaskKind.MultiLabel)]
    public void ClassifiersTrainedTogetherEqualClassifiersTrainedAlone(ProbeTaskKind kind)
    {
        var train = kind == ProbeTaskKind.MultiClass ? Train : ProbeData.TwoLabels(120, seed: 4, name: "train");
        var o = new LinearProbeOptions
        {
            Epochs = 3, BatchSize = 16, Seed = 7, Device = CPU, TaskKind = kind,
            LearningRates = new[] { 1e-3, 5e-2, 1.0 }, WeightDecays = new[] { 0.0, 0.5 },
        };
        var combos = LinearProbe.Combos(o);
        using var grid = LinearProbe.Train(train, o, combos);
        Assert.Equal(6, grid.Count);
        for (int k = 0; k < combos.Count; k++)
        {
            var alone = o with { LearningRates = new[] { combos[k].Lr }, WeightDecays = new[] { combos[k].Wd } };
            using var single = LinearProbe.Train(train, alone, LinearProbe.Combos(alone));
            using var wJoint = grid.Weight[k].detach();
            using var wAlone = single.Weight[0].detach();
            Assert.True(wJoint.allclose(wAlone, rtol: 0, atol: 1e-5), $"combo {k}: max |Δw| = {(wJoint - wAlone).abs().max().item<float>()}");
            Assert.True(grid.Bias[k].detach().allclose(single.Bias[0].detach(), rtol: 0, atol: 1e-5), $"combo {k} bias");
            var s1 = grid.Scores(k, kind == ProbeTaskKind.MultiClass ? Test : train);
            var s2 = single.Scores(0, kind == ProbeTaskKind.MultiClass ? Test : train);
            for (int i = 0; i < s1.Length; i++) Assert.Equal(s1[i], s2[i], 1e-5f);
        }
        // The hyper-parameters really differ per classifier: lr 1e-3 and lr 1 end far apart, and decay shrinks weights.
        using var far = (grid.Weight[0] - grid.Weight[4]).abs().max();
        Assert.True(far.item<float>() > 0.05f);
        using var noDecay = grid.Weight[4].norm();
        using var decay = grid.Weight[5].norm();
        Assert.True(decay.item<float>() < noDecay.item<float>());
    }

    [Fact]
    public void LossOfUniformLogitsIsLnCForCrossEntropyAndLn2ForBce()
    {
        using var logits = zeros(3, 4, 5);
        using var classes = tensor(new long[] { 0, 4, 2, 1 });
        using var ce = ProbeTraining.PerClassifierLoss(logits, classes, ProbeTaskKind.MultiClass);
        Assert.Equal(new long[] { 3 }, ce.shape);
        foreach (var v in ce.data<float>().ToArray()) Assert.Equal(Math.Log(5), v, 5);

        using var hot = zeros(4, 5);
        hot[0, 1] = tensor(1f);
        using var bce = ProbeTraining.PerClassifierLoss(logits, hot, ProbeTaskKind.MultiLabel);
        foreach (var v in bce.data<float>().ToArray()) Assert.Equal(Math.Log(2), v, 5);
    }

    [Fact]
    public void LossMatchesHandWorkedValuesPerClassifier()
    {
        // Classifier 0 gives logits (2, 0, 0) to a row of class 0: −ln(e²/(e²+2)); classifier 1 gives (0, 0, 0): ln 3.
        using var logits = tensor(new float[] { 2, 0, 0, 0, 0, 0 }, new long[] { 2, 1, 3 });
        using var ce = ProbeTraining.PerClassifierLoss(logits, tensor(new long[] { 0 }), ProbeTaskKind.MultiClass);
        var v = ce.data<float>().ToArray();
        Assert.Equal(Math.Log(Math.Exp(2) + 2) - 2, v[0], 5);
        Assert.Equal(Math.Log(3), v[1], 5);

        // BCE of logit 2 with target 1 is ln(1 + e^−2); of logit 0 with target 0 is ln 2; classifier 0 averages (2 → 1, 0 → 0, 0 → 0).
        using var hot = tensor(new float[] { 1, 0, 0 }, new long[] { 1, 3 });
        using var bce = ProbeTraining.PerClassifierLoss(logits, hot, ProbeTaskKind.MultiLabel);
        Assert.Equal((Math.Log(1 + Math.Exp(-2)) + 2 * Math.Log(2)) / 3, bce.data<float>()[0], 5);
    }

    [Fact]
    public void MultiLabelProbeLearnsTwoIndependentLabels()
    {
        var train = ProbeData.TwoLabels(300, seed: 5, name: "train");
        var val = ProbeData.TwoLabels(100, seed: 6, name: "validation");
        var test = ProbeData.TwoLabels(200, seed: 7, name: "test");
        var result = LinearProbe.Run(train, val, test, new LinearProbeOptions
        {
            Epochs = 10, BatchSize = 32, Device = CPU, TaskKind = ProbeTaskKind.MultiLabel,
            LearningRates = new[] { 1e-3, 1e-2, 1e-1 }, WeightDecays = new[] { 0.0 },
        });

        for (int l = 0; l < 2; l++)
        {
            int correct = Enumerable.Range(0, test.Count).Count(i => result.Predictions[i].Contains(l) == test.Labels[i].Contains(l));
            Assert.True(correct / (double)test.Count >= 0.9, $"label {l}: {correct}/{test.Count}");
        }
        // Each row's labels are predicted independently: all four label sets occur among the predictions.
        var sets = result.Predictions.Select(p => string.Join(",", p)).Distinct().ToHashSet();
        Assert.Equal(new HashSet<string> { "", "0", "1", "0,1" }, sets);
        Assert.True(result.ValidationScore >= 0.9, $"macro F1 {result.ValidationScore}");
    }

    [Fact]
    public void SameSeedGivesIdenticalResultsAndAnotherSeedDoesNot()
    {
        var o = new LinearProbeOptions { Epochs = 2, BatchSize = 32, Device = CPU, LearningRates = new[] { 1e-3, 1e-2 }, WeightDecays = new[] { 0.0 } };
        var a = LinearProbe.Run(Train, Val, Test, o);
        var b = LinearProbe.Run(Train, Val, Test, o);
        var c = LinearProbe.Run(Train, Val, Test, o with { Seed = 1 });
        Assert.Equal(a.TestScores, b.TestScores);
        Assert.NotEqual(a.TestScores, c.TestScores);
    }

    [Fact]
    public void CallerMetricChoosesAndTiesGoToTheFirstCombo()
    {
        int calls = 0;
        var o = new LinearProbeOptions { Epochs = 1, BatchSize = 64, Device = CPU, LearningRates = new[] { 1e-2, 1e-1 }, WeightDecays = new[] { 0.0, 1e-4 } };
        var result = LinearProbe.Run(Train, Val, Test, o, (scores, data) =>
        {
            Assert.Equal(data.Count * data.NumClasses, scores.Length);
            calls++;
            return 0.5;
        });
        Assert.Equal(4, calls);
        Assert.Equal((1e-2, 0.0, 0.5), (result.BestLearningRate, result.BestWeightDecay, result.ValidationScore));
        Assert.Equal(new[] { (1e-2, 0.0), (1e-2, 1e-4), (1e-1, 0.0), (1e-1, 1e-4) },
            result.Combos.Select(c => (c.LearningRate, c.WeightDecay)).ToArray());
    }

    [Fact]
    public void LearningRatesAreScaledByBatchOver256AsDinov2()
    {
        Assert.Equal(0.5, new LinearProbeOptions { BatchSize = 128 }.EffectiveLearningRate(1.0), 12);
        Assert.Equal(1.0, new LinearProbeOptions { BatchSize = 128, ScaleLearningRateByBatch = false }.EffectiveLearningRate(1.0), 12);
    }
}
