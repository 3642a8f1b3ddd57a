using CellDino.Core.Losses;
using static TorchSharp.torch;

namespace CellDino.Core.Training;

public sealed partial class CellDinoTrainer
{
        /// <summary>The collapse detector of this run (its counters restart on resume).</summary>
    internal CollapseDetector CollapseDetector { get; }

    /// <summary>Host values of the packed step scalars → the step's <see cref="TrainingHealth"/>.</summary>
    private TrainingHealth ReadHealth(ReadOnlySpan<float> health, IReadOnlyDictionary<string, double> terms, int embedDim)
    {
        int nLocal = Config.Crops.LocalCropsNumber;
        double kl = double.NaN;
        if (terms.TryGetValue("dino_global_crops_loss", out var global))
        {
            // The DINO terms are sums of per-pair mean cross-entropies divided by the pair count (SslLossCombination).
            double local = terms.TryGetValue("dino_local_crops_loss", out var l) ? l : 0;
            double pairs = 2.0 * nLocal + 2.0;
            kl = (local + global) * SslLossCombination.NumCropPairs(nLocal) / pairs - health[HealthSignals.Entropy];
        }
        return new TrainingHealth
        {
            TeacherEntropy = health[HealthSignals.Entropy],
            LogPrototypes = Math.Log(Config.Dino.HeadNPrototypes),
            BatchMeanTeacherEntropy = health[HealthSignals.BatchMeanEntropy],
            StudentTeacherKl = kl,
            TeacherClsStd = health[HealthSignals.ClsStd],
            EmbedDim = embedDim,
            CenterNorm = health[HealthSignals.CenterNorm],
            EffectiveRank = health.Length > HealthSignals.EffectiveRank ? health[HealthSignals.EffectiveRank] : null,
        };
    }

    /// <summary>
    /// The logged loss terms (DINOv2's names and scaling, as <see cref="SslLossTerms.LoggedValues"/>) and the health
    /// scalars moved to the host in one transfer: the one synchronization per step that progress reporting needs anyway.
    /// </summary>
    private static (Dictionary<string, double> Terms, float[] Health) ToHost(SslLossTerms terms, List<Tensor> health)
    {
        var named = terms.LoggedTerms();
        var all = named.Select(x => x.Value).Concat(health).Select(x => x.detach().to(ScalarType.Float32).reshape(1)).ToList();
        using var packed = cat(all, 0).cpu();
        var host = packed.data<float>().ToArray();
        var logged = new Dictionary<string, double>(StringComparer.Ordinal);
        for (int i = 0; i < named.Count; i++) logged[named[i].Name] = host[i] * named[i].Scale;
        return (logged, host[named.Count..]);
    }
}
