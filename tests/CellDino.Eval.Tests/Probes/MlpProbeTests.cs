using CellDino.Eval.Probes;
using static TorchSharp.torch;

namespace CellDino.Eval.Tests.Probes;

public class MlpProbeTests
{
    private static readonly MlpProbeOptions Fast = new()
    {
        Epochs = 40, BatchSize = 32, LearningRate = 3e-3, FinalLearningRate = 1e-5, WeightDecay = 0, FinalWeightDecay = 0,
        Dropout = 0.1, Device = CPU, Seed = 3,
    };

    [Fact]
    public void MlpLearnsXorThatALinearProbeCannot()
    {
        var train = ProbeData.Xor(400, seed: 1, name: "train");
        var val = ProbeData.Xor(100, seed: 2, name: "validation");
        var test = ProbeData.Xor(200, seed: 3, name: "test");

        var mlp = MlpProbe.Run(train, val, test, Fast);
        var linear = LinearProbe.Run(train, val, test, new LinearProbeOptions { Epochs = 20, BatchSize = 32, Device = CPU });

        double mlpAcc = ProbeData.Accuracy(mlp.Predictions, test), linAcc = ProbeData.Accuracy(linear.Predictions, test);
        Assert.True(mlpAcc >= 0.95, $"MLP accuracy {mlpAcc}");
        Assert.True(linAcc <= 0.7, $"linear accuracy {linAcc}");
        Assert.Single(mlp.Combos);
        Assert.Equal(mlp.ValidationScore, mlp.Combos[0].ValidationScore);
    }

    [Fact]
    public void DefaultArchitectureIs512Then256WithPyTorchLinearInit()
    {
        using var net = new MlpNet(16, new MlpProbeOptions().HiddenDims, 4, 0.5, seed: 0, CPU);
        Assert.Equal(new[] { "512x16", "512", "256x512", "256", "4x256", "4" },
            net.Parameters.Select(p => string.Join("x", p.shape)));
        // nn.Linear default: U(±1/sqrt(fan_in)).
        using var w0 = net.Parameters[0].abs().max();
        using var w1 = net.Parameters[2].abs().max();
        Assert.InRange(w0.item<float>(), 0.2f, 0.25f);
        Assert.InRange(w1.item<float>(), 0.04f, 1 / MathF.Sqrt(512));
    }

    [Fact]
    public void DropoutActsOnlyInTraining()
    {
        using var net = new MlpNet(4, new[] { 64 }, 2, 0.5, seed: 0, CPU);
        using var x = ones(8, 4);
        using var _ = no_grad();
        using var eval1 = net.Forward(x, training: false);
        using var eval2 = net.Forward(x, training: false);
        using var train = net.Forward(x, training: true);
        Assert.True(eval1.equal(eval2).all().item<bool>());
        Assert.False(eval1.allclose(train));
    }

    [Fact]
    public void SameSeedGivesIdenticalScoresDropoutIncluded()
    {
        var train = ProbeData.Blobs(20, seed: 1, name: "train");
        var test = ProbeData.Blobs(10, seed: 2, name: "test");
        var o = Fast with { Epochs = 3, Dropout = 0.5 };
        var a = MlpProbe.Run(train, test, test, o);
        var b = MlpProbe.Run(train, test, test, o);
        var c = MlpProbe.Run(train, test, test, o with { Seed = 4 });
        Assert.Equal(a.TestScores, b.TestScores);
        Assert.NotEqual(a.TestScores, c.TestScores);
    }

    [Fact]
    public void MultiLabelMlpLearnsTwoLabels()
    {
        var train = ProbeData.TwoLabels(300, seed: 5, name: "train");
        var test = ProbeData.TwoLabels(200, seed: 7, name: "test");
        var result = MlpProbe.Run(train, test, test, Fast with { TaskKind = ProbeTaskKind.MultiLabel, Epochs = 10 });
        for (int l = 0; l < 2; l++)
        {
            int correct = Enumerable.Range(0, test.Count).Count(i => result.Predictions[i].Contains(l) == test.Labels[i].Contains(l));
            Assert.True(correct / (double)test.Count >= 0.9, $"label {l}: {correct}/{test.Count}");
        }
    }

    [Fact]
    public void BadOptionsAreRejected()
    {
        var d = ProbeData.Blobs(5, seed: 1);
        Assert.Contains("Dropout", Assert.Throws<ArgumentException>(() => MlpProbe.Run(d, d, d, Fast with { Dropout = 1 })).Message);
        Assert.Contains("HiddenDims", Assert.Throws<ArgumentException>(() => MlpProbe.Run(d, d, d, Fast with { HiddenDims = new[] { 0 } })).Message);
    }
}
