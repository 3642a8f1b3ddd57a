using CellDino.Core.Training;
using static TorchSharp.torch;

namespace CellDino.Eval.Probes;

/// <summary>
/// DINOv2 / Cell-DINO linear evaluation on fixed features: a grid of linear classifiers (learning rate × weight decay),
/// all trained together in one batched forward on the features as given (no standardisation, as DINOv2), the best
/// chosen on the validation set and applied to the test set.
/// </summary>
/// <remarks>
/// Every classifier starts from the same seeded N(0, 0.01²) weights and zero bias and sees the same batches, so the grid
/// compares hyper-parameters only. The losses are summed over classifiers, each classifier's term being its own mean
/// loss, so its gradient equals that of training it alone.
/// </remarks>
public static class LinearProbe
{
    /// <summary>
    /// Trains the grid on <paramref name="train"/>, scores every classifier on <paramref name="validation"/> with
    /// <paramref name="metric"/> (default: accuracy for multi-class, macro F1 at 0.5 for multi-label), keeps the best
    /// (the first in grid order on ties) and scores <paramref name="test"/> with it.
    /// </summary>
    public static ProbeResult Run(ProbeDataset train, ProbeDataset validation, ProbeDataset test, LinearProbeOptions? options = null, ProbeMetric? metric = null)
    {
        var o = options ?? new LinearProbeOptions();
        o.Validate();
        ProbeTraining.CheckSplits(o.TaskKind, train, validation, test);
        metric ??= ProbeMetrics.Default(o.TaskKind);
        var combos = Combos(o);
        using var grid = Train(train, o, combos);
        var scores = new ComboScore[combos.Count];
        int best = 0;
        for (int k = 0; k < combos.Count; k++)
        {
            double s = metric(grid.Scores(k, validation), validation);
            scores[k] = new ComboScore(combos[k].Lr, combos[k].Wd, s);
            if (s > scores[best].ValidationScore) best = k;
        }
        var testScores = grid.Scores(best, test);
        return new ProbeResult
        {
            BestLearningRate = combos[best].Lr,
            BestWeightDecay = combos[best].Wd,
            ValidationScore = scores[best].ValidationScore,
            Combos = scores,
            NumClasses = train.NumClasses,
            TestScores = testScores,
            Predictions = ProbeTraining.Predictions(testScores, train.NumClasses, o.TaskKind),
        };
    }

    /// <summary>The grid in DINOv2's order: learning rate outer, weight decay inner.</summary>
    internal static IReadOnlyList<(double Lr, double Wd)> Combos(LinearProbeOptions o) =>
        o.LearningRates.SelectMany(lr => o.WeightDecays.Select(wd => (lr, wd))).ToArray();

    /// <summary>Trains one classifier per entry of <paramref name="combos"/> jointly; the caller disposes the result.</summary>
    internal static LinearGrid Train(ProbeDataset train, LinearProbeOptions o, IReadOnlyList<(double Lr, double Wd)> combos)
    {
        var device = ProbeTraining.ResolveDevice(o.Device);
        int k = combos.Count, c = train.NumClasses, d = train.Dim;
        Tensor weight, bias;
        using (var init = NewDisposeScope())
        {
            // One seeded draw shared by all classifiers (DINOv2's init: weight N(0, 0.01²), bias 0).
            var w0 = empty(c, d).normal_(0, 0.01, new Generator((ulong)o.Seed));
            weight = w0.unsqueeze(0).expand(k, c, d).contiguous().to(device).requires_grad_(true).DetachFromDisposeScope();
            bias = zeros(new long[] { k, c }, device: device).requires_grad_(true).DetachFromDisposeScope();
        }
        var grid = new LinearGrid(weight, bias, o.TaskKind);
        using var x = ProbeTraining.Features(train, device);
        using var y = ProbeTraining.Targets(train, o.TaskKind, device);
        using var opt = new AdamW([weight, bias]);
        using var wdW = ProbeTraining.Owned(combos.Select(t => (float)t.Wd).ToArray(), new long[] { k, 1, 1 }, device);
        using var wdB = wdW.view(k, 1);
        double[] lrs = combos.Select(t => o.EffectiveLearningRate(t.Lr)).ToArray();
        long total = ProbeTraining.TotalSteps(train.Count, o.BatchSize, o.Epochs), step = 0;
        foreach (var batch in ProbeTraining.Batches(train.Count, o.BatchSize, o.Epochs, o.Seed))
        {
            using var scope = NewDisposeScope();
            var idx = tensor(batch).to(device);
            var loss = ProbeTraining.PerClassifierLoss(grid.Logits(x.index_select(0, idx)), y.index_select(0, idx), o.TaskKind).sum();
            opt.ZeroGrad();
            loss.backward();
            double factor = ProbeTraining.Cosine(1, 0, step++, total);
            var lrW = ProbeTraining.Owned(lrs.Select(l => (float)(l * factor)).ToArray(), new long[] { k, 1, 1 }, device);
            opt.UpdateMoments();
            opt.Apply(0, lrW, wdW);
            opt.Apply(1, lrW.view(k, 1), wdB);
        }
        return grid;
    }
}
