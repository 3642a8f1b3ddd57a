namespace CellDino.Eval.Knn;

/// <summary>Multi-label kNN output for one k.</summary>
/// <param name="K">Number of neighbours that voted.</param>
/// <param name="Scores">[queries, classes] summed vote weights of the neighbours' multi-hot labels.</param>
/// <param name="Labels">[queries, classes] 1 where the score exceeds the threshold.</param>
public sealed record MultiLabelKnnPrediction(int K, float[,] Scores, int[,] Labels);
