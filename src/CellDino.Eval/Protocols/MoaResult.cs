using CellDino.Eval.Profiling;

namespace CellDino.Eval.Protocols;

/// <summary>Outcome of <see cref="MoaProtocol.Run"/>.</summary>
/// <param name="MicroAuprc">Micro-averaged AUPRC of MoA prediction on held-out compounds.</param>
/// <param name="ShuffledMicroAuprc">The same with training MoA labels shuffled across wells: the chance baseline.</param>
/// <param name="TreatmentAccuracy">Accuracy of predicting the treatment of held-out wells (stratified by treatment); NaN when too few wells (<see cref="TreatmentAccuracyNote"/> says why).</param>
/// <param name="MoaNames">MoA classes.</param>
/// <param name="Wells">Wells profiled (controls included).</param>
/// <param name="SpheredProfiles">Well profiles after sphering, in <see cref="Wells"/> order.</param>
/// <param name="TrainCompounds">Compounds used to train.</param>
/// <param name="TestCompounds">Compounds held out.</param>
public sealed record MoaResult(double MicroAuprc, double ShuffledMicroAuprc, double TreatmentAccuracy, IReadOnlyList<string> MoaNames,
    IReadOnlyList<WellKey> Wells, double[,] SpheredProfiles, IReadOnlyList<string> TrainCompounds, IReadOnlyList<string> TestCompounds)
{
    /// <summary>Why <see cref="TreatmentAccuracy"/> is NaN, e.g. <c>needs ≥ 3 wells per treatment</c>; null when it was measured.</summary>
    public string? TreatmentAccuracyNote { get; init; }
}
