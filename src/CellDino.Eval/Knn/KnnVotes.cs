namespace CellDino.Eval.Knn;

/// <summary>Helpers shared by the kNN classifiers.</summary>
internal static class KnnVotes
{
    public static int MaxK(IReadOnlyList<int> ks)
    {
        if (ks.Count == 0) throw new ArgumentException("ks is empty: give at least one k.", nameof(ks));
        int kmax = 0;
        foreach (var k in ks)
        {
            if (k < 1) throw new ArgumentOutOfRangeException(nameof(ks), k, "Every k must be at least 1.");
            kmax = Math.Max(kmax, k);
        }
        return kmax;
    }
}
