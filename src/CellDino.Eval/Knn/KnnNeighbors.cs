namespace CellDino.Eval.Knn;

/// <summary>The k nearest train rows of each query, most similar first.</summary>
/// <param name="Indices">[queries, k] train row indices.</param>
/// <param name="Similarities">[queries, k] cosine similarities.</param>
public sealed record KnnNeighbors(int[,] Indices, float[,] Similarities);
