namespace CellDino.Eval.Knn;

/// <summary>Multi-class kNN output for one k.</summary>
/// <param name="K">Number of neighbours that voted.</param>
/// <param name="Scores">[queries, classes] summed vote weights per class.</param>
/// <param name="Predictions">[queries] argmax of the scores (first class on a tie).</param>
public sealed record KnnPrediction(int K, float[,] Scores, int[] Predictions);
