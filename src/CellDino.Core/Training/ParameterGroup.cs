namespace CellDino.Core.Training;

/// <summary>
/// Parameters of one sub-module sharing the same (lr multiplier, wd multiplier, last-layer flag): one
/// optimizer parameter group (DINOv2 <c>fuse_params_groups</c>).
/// </summary>
/// <param name="Module">The sub-module the parameters belong to (<c>backbone</c>, <c>dino_head</c>, ...).</param>
/// <param name="LrMultiplier">Multiplier of the scheduled learning rate.</param>
/// <param name="WdMultiplier">Multiplier of the scheduled weight decay.</param>
/// <param name="IsLastLayer">Whether the group follows the last-layer learning-rate schedule.</param>
/// <param name="Entries">The parameters, in the module's parameter order.</param>
internal sealed record ParameterGroup(string Module, double LrMultiplier, double WdMultiplier, bool IsLastLayer, IReadOnlyList<ParameterGroupEntry> Entries)
{
    /// <summary>The group's learning rate for a step: (last layer ? <paramref name="lastLayerLr"/> : <paramref name="lr"/>) · multiplier.</summary>
    public double LearningRate(double lr, double lastLayerLr) => (IsLastLayer ? lastLayerLr : lr) * LrMultiplier;

    /// <summary>The group's weight decay for a step: <paramref name="wd"/> · multiplier.</summary>
    public double WeightDecay(double wd) => wd * WdMultiplier;
}
