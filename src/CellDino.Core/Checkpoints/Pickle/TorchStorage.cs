using static TorchSharp.torch;

namespace CellDino.Core.Checkpoints.Pickle;

/// <summary>A storage read from a torch.save archive: a flat tensor of its dtype, shared by key.</summary>
internal sealed record TorchStorage(string Key, Tensor Data, ScalarType Type);
