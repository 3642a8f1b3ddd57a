namespace CellDino.Core.Training;

/// <summary>A collapse that has lasted <c>train.collapse_patience</c> iterations, with what to change.</summary>
/// <param name="Kind">Which collapse.</param>
/// <param name="Iteration">The iteration at which the warning was raised.</param>
/// <param name="SinceIteration">The first iteration of the current stretch inside the collapse band.</param>
/// <param name="Signal">The value of the signal that is in its band, as a sentence (e.g. "teacher entropy 6.93 of ln K = 6.93").</param>
/// <param name="Remedies">The configuration changes that move this kind of collapse, most effective first.</param>
public sealed record CollapseWarning(CollapseKind Kind, long Iteration, long SinceIteration, string Signal, IReadOnlyList<string> Remedies)
{
    /// <summary>One line for a log or a terminal.</summary>
    public string Message =>
        $"{Name(Kind)} since iteration {SinceIteration} ({Signal}): the run is not learning. Try: {string.Join("; ", Remedies)}. See docs/training.md.";

    /// <summary>A short name of the kind ("uniform collapse", ...).</summary>
    public static string Name(CollapseKind kind) => kind switch
    {
        CollapseKind.Uniform => "uniform collapse",
        CollapseKind.OnePrototype => "one-prototype collapse",
        CollapseKind.Representation => "representation collapse",
        _ => kind.ToString(),
    };
}
