using static TorchSharp.torch;

namespace CellDino.Core.Checkpoints;

/// <summary>
/// An ordered name → tensor map, the .NET counterpart of a PyTorch <c>state_dict</c>.
/// Disposing it disposes the tensors it owns.
/// </summary>
public sealed class StateDict : OrderedDictionary<string, Tensor>, IDisposable
{
    /// <summary>Creates an empty state dict.</summary>
    public StateDict() : base(StringComparer.Ordinal) { }

    /// <summary>Creates a state dict holding the given entries, in order.</summary>
    public StateDict(IEnumerable<KeyValuePair<string, Tensor>> entries) : this()
    {
        foreach (var (k, v) in entries) Add(k, v);
    }

    /// <summary>Disposes every tensor and empties the map.</summary>
    public void Dispose()
    {
        foreach (var t in Values) t.Dispose();
        Clear();
    }
}
