using static TorchSharp.torch;

namespace CellDino.Core.Checkpoints.Pickle;

/// <summary>What an allowed pickle global stands for.</summary>
internal enum PickleGlobalKind
{
    /// <summary><c>torch._utils._rebuild_tensor_v2</c>.</summary>
    RebuildTensorV2,

    /// <summary><c>torch._utils._rebuild_parameter</c>.</summary>
    RebuildParameter,

    /// <summary><c>collections.OrderedDict</c>.</summary>
    OrderedDict,

    /// <summary>A typed storage class such as <c>torch.FloatStorage</c>; only ever a marker inside a persistent id.</summary>
    Storage,
}

/// <summary>
/// A global a checkpoint pickle may name. It is a marker, never a callable: the unpickler interprets the
/// few allowed names itself, so no name from a file can reach code it did not choose.
/// </summary>
internal sealed record PickleGlobal(string FullName, PickleGlobalKind Kind, ScalarType StorageType = ScalarType.Float32)
{
    private static readonly Dictionary<string, PickleGlobal> Allowed = new(StringComparer.Ordinal)
    {
        ["torch._utils._rebuild_tensor_v2"] = new("torch._utils._rebuild_tensor_v2", PickleGlobalKind.RebuildTensorV2),
        ["torch._utils._rebuild_parameter"] = new("torch._utils._rebuild_parameter", PickleGlobalKind.RebuildParameter),
        ["collections.OrderedDict"] = new("collections.OrderedDict", PickleGlobalKind.OrderedDict),
        ["torch.FloatStorage"] = Storage("Float", ScalarType.Float32),
        ["torch.HalfStorage"] = Storage("Half", ScalarType.Float16),
        ["torch.BFloat16Storage"] = Storage("BFloat16", ScalarType.BFloat16),
        ["torch.DoubleStorage"] = Storage("Double", ScalarType.Float64),
        ["torch.LongStorage"] = Storage("Long", ScalarType.Int64),
        ["torch.IntStorage"] = Storage("Int", ScalarType.Int32),
        ["torch.ShortStorage"] = Storage("Short", ScalarType.Int16),
        ["torch.CharStorage"] = Storage("Char", ScalarType.Int8),
        ["torch.ByteStorage"] = Storage("Byte", ScalarType.Byte),
        ["torch.BoolStorage"] = Storage("Bool", ScalarType.Bool),
    };

    /// <summary>The allowed global <c>module.name</c>, or null when it is not on the allow-list.</summary>
    public static PickleGlobal? Find(string module, string name) =>
        Allowed.TryGetValue($"{module}.{name}", out var g) ? g : null;

    /// <summary>The fully qualified names that are allowed, for error messages.</summary>
    public static IEnumerable<string> AllowedNames => Allowed.Keys;

    private static PickleGlobal Storage(string prefix, ScalarType type) => new($"torch.{prefix}Storage", PickleGlobalKind.Storage, type);
}
