namespace CellDino.Data.Loading;

/// <summary>Where a sample is in the loader's schedule, and a seed unique to (loader seed, epoch, index).</summary>
/// <param name="Epoch">Epoch number.</param>
/// <param name="Index">Dataset index of the sample.</param>
/// <param name="Seed">Deterministic per-sample seed for random transforms.</param>
public readonly record struct TransformContext(int Epoch, int Index, ulong Seed);
