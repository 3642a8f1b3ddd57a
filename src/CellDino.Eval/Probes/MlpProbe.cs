using CellDino.Core.Training;
using static TorchSharp.torch;

namespace CellDino.Eval.Probes;

/// <summary>
/// A small MLP classifier on fixed features (the "MLP classifier" protocol; see <see cref="MlpProbeOptions"/> for where
/// its defaults come from). Trained once; the validation set only reports a score.
/// </summary>
public static class MlpProbe
{
    // Rows per forward when scoring.
    private const int ScoreChunk = 8192;

    /// <summary>
    /// Trains on <paramref name="train"/>, reports <paramref name="metric"/> (default: accuracy for multi-class, macro F1
    /// at 0.5 for multi-label) on <paramref name="validation"/> and scores <paramref name="test"/>.
    /// </summary>
    public static ProbeResult Run(ProbeDataset train, ProbeDataset validation, ProbeDataset test, MlpProbeOptions? options = null, ProbeMetric? metric = null)
    {
        var o = options ?? new MlpProbeOptions();
        o.Validate();
        ProbeTraining.CheckSplits(o.TaskKind, train, validation, test);
        metric ??= ProbeMetrics.Default(o.TaskKind);
        using var net = Train(train, o);
        double val = metric(Scores(net, validation, o.TaskKind), validation);
        var testScores = Scores(net, test, o.TaskKind);
        return new ProbeResult
        {
            BestLearningRate = o.LearningRate,
            BestWeightDecay = o.WeightDecay,
            ValidationScore = val,
            Combos = new[] { new ComboScore(o.LearningRate, o.WeightDecay, val) },
            NumClasses = train.NumClasses,
            TestScores = testScores,
            Predictions = ProbeTraining.Predictions(testScores, train.NumClasses, o.TaskKind),
        };
    }

    /// <summary>Trains the network; the caller disposes it.</summary>
    internal static MlpNet Train(ProbeDataset train, MlpProbeOptions o)
    {
        var device = ProbeTraining.ResolveDevice(o.Device);
        var net = new MlpNet(train.Dim, o.HiddenDims, train.NumClasses, o.Dropout, o.Seed, device);
        using var x = ProbeTraining.Features(train, device);
        using var y = ProbeTraining.Targets(train, o.TaskKind, device);
        using var opt = new AdamW(net.Parameters);
        long total = ProbeTraining.TotalSteps(train.Count, o.BatchSize, o.Epochs), step = 0;
        foreach (var batch in ProbeTraining.Batches(train.Count, o.BatchSize, o.Epochs, o.Seed))
        {
            using var scope = NewDisposeScope();
            var idx = tensor(batch).to(device);
            var logits = net.Forward(x.index_select(0, idx), training: true).unsqueeze(0);
            var loss = ProbeTraining.PerClassifierLoss(logits, y.index_select(0, idx), o.TaskKind).sum();
            opt.ZeroGrad();
            loss.backward();
            double lr = ProbeTraining.Cosine(o.LearningRate, o.FinalLearningRate, step, total);
            // The weight decay rises along the mirrored cosine, as DINO's schedules (start → final).
            double wd = ProbeTraining.Cosine(o.WeightDecay, o.FinalWeightDecay, step, total);
            step++;
            opt.Step(lr, wd);
        }
        return net;
    }

    /// <summary>Probabilities of the trained network on <paramref name="data"/>, row-major <c>[N, C]</c>.</summary>
    internal static float[] Scores(MlpNet net, ProbeDataset data, ProbeTaskKind kind)
    {
        int c = data.NumClasses;
        var result = new float[(long)data.Count * c];
        var device = net.Parameters[0].device;
        using var _ = no_grad();
        for (int start = 0; start < data.Count; start += ScoreChunk)
        {
            using var scope = NewDisposeScope();
            int rows = Math.Min(ScoreChunk, data.Count - start);
            var x = ProbeTraining.Owned(data.Features.AsSpan(start * data.Dim, rows * data.Dim).ToArray(), new long[] { rows, data.Dim }, device);
            ProbeTraining.ToArray(ProbeTraining.Probabilities(net.Forward(x, training: false), kind)).CopyTo(result, (long)start * c);
        }
        return result;
    }
}
