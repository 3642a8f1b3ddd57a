namespace CellDino.Eval.Metrics;

/// <summary>
/// A confusion matrix as scikit-learn's <c>confusion_matrix</c>: rows are true labels, columns predicted labels, both in
/// the order of <see cref="Labels"/>; samples whose true or predicted label is not among the labels are not counted.
/// </summary>
public sealed class ConfusionMatrix
{
    private readonly long[,] _counts;

    private ConfusionMatrix(int[] labels, long[,] counts)
    {
        Labels = labels;
        _counts = counts;
    }

    /// <summary>The class labels indexing rows and columns.</summary>
    public IReadOnlyList<int> Labels { get; }

    /// <summary>Number of classes.</summary>
    public int Count => Labels.Count;

    /// <summary>Number of samples whose true label is <c>Labels[trueIndex]</c> and prediction <c>Labels[predIndex]</c>.</summary>
    public long this[int trueIndex, int predIndex] => _counts[trueIndex, predIndex];

    /// <summary>A copy of the counts, [true, predicted].</summary>
    public long[,] ToArray() => (long[,])_counts.Clone();

    /// <summary>Builds the matrix.</summary>
    /// <param name="yTrue">True labels.</param>
    /// <param name="yPred">Predicted labels, same length.</param>
    /// <param name="labels">Row/column order; null: sorted union of labels present in either array.</param>
    public static ConfusionMatrix Compute(ReadOnlySpan<int> yTrue, ReadOnlySpan<int> yPred, IReadOnlyList<int>? labels = null)
    {
        InputChecks.SameLength(yTrue.Length, yPred.Length, "yTrue", "yPred");
        InputChecks.NotEmpty(yTrue.Length, "yTrue");
        int[] used = labels is null ? ClassificationMetrics.PresentLabels(yTrue, yPred) : [.. labels];
        var index = new Dictionary<int, int>(used.Length);
        for (int i = 0; i < used.Length; i++)
            if (!index.TryAdd(used[i], i)) throw new ArgumentException($"labels contains {used[i]} twice.", nameof(labels));
        var counts = new long[used.Length, used.Length];
        for (int i = 0; i < yTrue.Length; i++)
            if (index.TryGetValue(yTrue[i], out int t) && index.TryGetValue(yPred[i], out int p)) counts[t, p]++;
        return new ConfusionMatrix(used, counts);
    }

    /// <summary>Samples of class <paramref name="index"/> predicted as that class (the diagonal).</summary>
    public long TruePositives(int index) => _counts[index, index];

    /// <summary>Samples whose true label is class <paramref name="index"/> (row sum).</summary>
    public long Support(int index)
    {
        long s = 0;
        for (int j = 0; j < Count; j++) s += _counts[index, j];
        return s;
    }

    /// <summary>Samples predicted as class <paramref name="index"/> (column sum).</summary>
    public long Predicted(int index)
    {
        long s = 0;
        for (int i = 0; i < Count; i++) s += _counts[i, index];
        return s;
    }

    /// <summary>All counted samples.</summary>
    public long Total
    {
        get
        {
            long s = 0;
            foreach (var c in _counts) s += c;
            return s;
        }
    }
}
