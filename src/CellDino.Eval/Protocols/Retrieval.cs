using CellDino.Eval.Embedding;
using CellDino.Eval.Knn;

namespace CellDino.Eval.Protocols;

/// <summary>Nearest-neighbour retrieval: how often an image's cosine neighbours share its label.</summary>
public static class Retrieval
{
    /// <summary>
    /// Mean precision@k over queries in <paramref name="set"/> against the rest of the set (leave-one-out): the fraction of
    /// each query's k nearest neighbours (cosine) that share at least one label with it.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> outside 1..Count−1.</exception>
    public static RetrievalScore PrecisionAtK(EmbeddingSet set, EvaluationTask task, int k = 10, KnnOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(task);
        if (k < 1 || k >= set.Count) throw new ArgumentOutOfRangeException(nameof(k), $"k must be in 1..{set.Count - 1}, got {k}.");
        var labels = set.Metadata.Select(m => task.LabelsOf(m).ToHashSet()).ToArray();
        using var knn = new KnnClassifier(set, new int[set.Count], 1, options);
        var neighbours = knn.Neighbors(set, k + 1).Indices;
        double total = 0;
        for (int q = 0; q < set.Count; q++)
        {
            int hits = 0, taken = 0;
            for (int j = 0; j <= k && taken < k; j++)
            {
                int n = neighbours[q, j];
                if (n == q) continue; // the query itself
                taken++;
                if (labels[n].Overlaps(labels[q])) hits++;
            }
            total += hits / (double)k;
        }
        return new RetrievalScore(task.Name, k, total / set.Count, set.Count);
    }
}
