namespace CellDino.Core.Checkpoints;

/// <summary>A key present in both the module and the state dict, with different shapes.</summary>
/// <param name="Key">The state-dict key.</param>
/// <param name="Expected">The module's shape.</param>
/// <param name="Actual">The state dict's shape.</param>
public sealed record ShapeMismatch(string Key, long[] Expected, long[] Actual)
{
    /// <summary>The key with both shapes, e.g. <c>pos_embed: expected [1, 197, 384], got [1, 257, 384]</c>.</summary>
    public override string ToString() => $"{Key}: expected [{string.Join(", ", Expected)}], got [{string.Join(", ", Actual)}]";
}
