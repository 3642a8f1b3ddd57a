using System.Text;

namespace CellDino.Core.Checkpoints;

/// <summary>What loading a state dict into a module found (PyTorch's <c>load_state_dict</c> result, plus shapes).</summary>
/// <param name="Missing">Module keys the state dict lacks.</param>
/// <param name="Unexpected">State-dict keys the module lacks.</param>
/// <param name="ShapeMismatched">Keys in both with different shapes (not copied).</param>
/// <param name="Loaded">How many tensors were copied (0 when a strict load refused).</param>
public sealed record LoadReport(
    IReadOnlyList<string> Missing,
    IReadOnlyList<string> Unexpected,
    IReadOnlyList<ShapeMismatch> ShapeMismatched,
    int Loaded)
{
    /// <summary>True when every module key was matched by a tensor of the same shape and nothing was left over.</summary>
    public bool IsClean => Missing.Count == 0 && Unexpected.Count == 0 && ShapeMismatched.Count == 0;

    /// <summary>A multi-line summary listing up to <paramref name="maxPerList"/> keys of each kind.</summary>
    public string Describe(int maxPerList = 20)
    {
        if (IsClean) return $"all {Loaded} tensors matched.";
        var sb = new StringBuilder();
        Append(sb, "missing keys", Missing, maxPerList, ", ");
        Append(sb, "unexpected keys", Unexpected, maxPerList, ", ");
        Append(sb, "shape mismatches", ShapeMismatched.Select(m => m.ToString()).ToList(), maxPerList, "; ");
        return sb.ToString().TrimEnd();
    }

    /// <summary>
    /// One line: the counts of each kind with the first <paramref name="maxPerList"/> keys of each
    /// (<c>2 missing keys: norm.weight, norm.bias; 1 unexpected keys: head.weight</c>).
    /// </summary>
    public string Summary(int maxPerList = 3) =>
        string.Join("; ", Describe(maxPerList).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    /// <summary>The same as <see cref="Describe"/> with 20 keys per list.</summary>
    public override string ToString() => Describe();

    private static void Append(StringBuilder sb, string what, IReadOnlyList<string> items, int max, string separator)
    {
        if (items.Count == 0) return;
        sb.Append(items.Count).Append(' ').Append(what).Append(": ").Append(string.Join(separator, items.Take(max)));
        if (items.Count > max) sb.Append(separator).Append("… (").Append(items.Count - max).Append(" more)");
        sb.AppendLine();
    }
}
