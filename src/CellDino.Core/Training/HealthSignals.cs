using static TorchSharp.torch;

namespace CellDino.Core.Training;

/// <summary>
/// The device-side arithmetic of <see cref="TrainingHealth"/>: a handful of reductions over tensors the step already
/// has, returned as scalars that the trainer moves to the host together with the loss terms (no extra synchronization).
/// </summary>
internal static class HealthSignals
{
    /// <summary>Positions of the scalars in the list <see cref="Measure"/> returns.</summary>
    public const int Entropy = 0, BatchMeanEntropy = 1, ClsStd = 2, CenterNorm = 3, EffectiveRank = 4;

    /// <summary>
    /// Mean per-sample entropy and batch-mean entropy of the teacher's DINO targets <c>[2B, K]</c>, the mean per-dimension
    /// std of the L2-normalized teacher class tokens <c>[2B, D]</c>, the center's norm and, when asked, the effective rank
    /// of the centred normalized class tokens.
    /// </summary>
    public static List<Tensor> Measure(Tensor dinoTargets, Tensor teacherCls, Tensor center, bool withRank)
    {
        var t = dinoTargets.to(ScalarType.Float32);
        var entropy = -(t * t.clamp_min(1e-30).log()).sum(-1).mean();
        var meanT = t.mean([0]);
        var batchMeanEntropy = -(meanT * meanT.clamp_min(1e-30).log()).sum();
        var cls = nn.functional.normalize(teacherCls.to(ScalarType.Float32), p: 2, dim: -1);
        var std = cls.std(0, unbiased: false).mean();
        var scalars = new List<Tensor> { entropy, batchMeanEntropy, std, center.to(ScalarType.Float32).norm() };
        if (withRank)
        {
            // Roy & Vetterli's effective rank: exp(entropy of the singular values normalized to sum 1).
            var s = linalg.svdvals(cls - cls.mean([0], keepdim: true));
            var p = s / s.sum().clamp_min(1e-30);
            scalars.Add((-(p * p.clamp_min(1e-30).log()).sum()).exp());
        }
        return scalars;
    }
}
