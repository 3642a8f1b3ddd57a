namespace CellDino.Benchmarks.Infrastructure;

/// <summary>What one benchmark operation processes: items (images, queries or scores) and floating-point operations.</summary>
/// <param name="Items">Images (training, data, embedding), queries (kNN) or scores (metrics) per operation.</param>
/// <param name="Flops">Floating-point operations per operation by the formulas of <c>docs/benchmarks.md</c>; 0 when not counted.</param>
public readonly record struct WorkPerOp(double Items, double Flops = 0);
