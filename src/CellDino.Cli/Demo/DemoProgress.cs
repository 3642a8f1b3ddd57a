namespace CellDino.Cli.Demo;

/// <summary>Progress of the demo: the stage and its completed fraction.</summary>
/// <param name="Stage">What is running (generate, pretrain, embed, evaluate, report).</param>
/// <param name="Done">Units done in this stage.</param>
/// <param name="Total">Units in this stage.</param>
/// <param name="Detail">Free text (e.g. the current loss).</param>
/// <param name="Warning">A warning to show on a line of its own (e.g. a collapse warning), or null.</param>
internal sealed record DemoProgress(string Stage, long Done, long Total, string? Detail = null, string? Warning = null);
