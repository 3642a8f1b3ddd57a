using static TorchSharp.torch;

namespace CellDino.Eval.Knn;

/// <summary>Settings of the weighted kNN classifiers.</summary>
/// <param name="Temperature">T in the vote weights (DINOv2 / Cell-DINO use 0.07).</param>
/// <param name="Weighting">Softmax (DINOv2) or exp (DINO v1) weights.</param>
/// <param name="QueryChunkSize">Queries per similarity matmul: bounds memory at chunk × train-size floats.</param>
/// <param name="Device">Where the train features live and the matmuls run; null: CPU.</param>
public sealed record KnnOptions(double Temperature = 0.07, KnnWeighting Weighting = KnnWeighting.Softmax, int QueryChunkSize = 1024, Device? Device = null);
