using CellDino.Data.Samples;

namespace CellDino.Data.Loading;

/// <summary>A batch decoded by a worker: collated pixels (not yet a tensor) or the error that stopped it.</summary>
internal sealed record PendingBatch(int BatchIndex, float[]? Pixels, long[]? Shape, SampleMetadata[]? Metadata, int[] Indices, Exception? Error);
