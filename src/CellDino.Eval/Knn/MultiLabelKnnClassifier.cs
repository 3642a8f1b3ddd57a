using CellDino.Eval.Embedding;

namespace CellDino.Eval.Knn;

/// <summary>
/// Multi-label variant of <see cref="KnnClassifier"/> (Cell-DINO protein localisation): the neighbours' weights are
/// summed into their multi-hot label vectors and a class is predicted where its score exceeds the threshold
/// (0.5 by default, strict). With k = 1 the prediction is the nearest neighbour's label set.
/// </summary>
public sealed class MultiLabelKnnClassifier : IDisposable
{
    private readonly KnnSearch _search;
    private readonly int[,] _labels;
    private readonly bool _softmax;

    /// <summary>Stores the (normalized) train embeddings.</summary>
    /// <param name="train">Train embeddings, raw (normalized here).</param>
    /// <param name="trainLabels">[train rows, classes] 0/1 label indicators.</param>
    /// <param name="options">Temperature, weighting, chunking, device; null: defaults.</param>
    /// <param name="threshold">Score above which a class is predicted.</param>
    /// <exception cref="ArgumentException">An empty or non-finite train set, label rows other than its rows, or a label matrix that is not 0/1.</exception>
    public MultiLabelKnnClassifier(EmbeddingSet train, int[,] trainLabels, KnnOptions? options = null, double threshold = 0.5)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(trainLabels);
        if (trainLabels.GetLength(0) != train.Count)
            throw new ArgumentException($"trainLabels has {trainLabels.GetLength(0)} rows but the train set has {train.Count}.", nameof(trainLabels));
        if (trainLabels.GetLength(1) == 0) throw new ArgumentException("trainLabels has no class column.", nameof(trainLabels));
        for (int i = 0; i < trainLabels.GetLength(0); i++)
            for (int c = 0; c < trainLabels.GetLength(1); c++)
                if (trainLabels[i, c] is not (0 or 1))
                    throw new ArgumentException($"trainLabels[{i}, {c}] is {trainLabels[i, c]}: a label-indicator matrix holds only 0 and 1.", nameof(trainLabels));
        if (!double.IsFinite(threshold)) throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "threshold must be finite.");
        _labels = (int[,])trainLabels.Clone();
        Threshold = threshold;
        _search = new KnnSearch(train, options ?? new KnnOptions());
        _softmax = (options ?? new KnnOptions()).Weighting == KnnWeighting.Softmax;
    }

    /// <summary>Number of label columns.</summary>
    public int NumClasses => _labels.GetLength(1);

    /// <summary>Score above which a class is predicted.</summary>
    public double Threshold { get; }

    /// <summary>Predicts with one k (default 1).</summary>
    public MultiLabelKnnPrediction Predict(EmbeddingSet queries, int k = 1) => Predict(queries, [k])[0];

    /// <summary>
    /// Predicts for several k from one search. Each k's votes are renormalized over its own k neighbours, so the
    /// softmax scores (and the 0.5 threshold) are those of a run with that k alone: with DINOv2's softmax over max(ks)
    /// neighbours, k = 1 next to k = 10 would score the nearest label well below 1 and predict nothing.
    /// </summary>
    public IReadOnlyList<MultiLabelKnnPrediction> Predict(EmbeddingSet queries, IReadOnlyList<int> ks)
    {
        int kmax = KnnVotes.MaxK(ks);
        var (idx, _, w) = _search.Search(queries, kmax);
        int nq = queries.Count, nc = NumClasses;
        var result = new MultiLabelKnnPrediction[ks.Count];
        var acc = new double[nc];
        for (int q = 0; q < ks.Count; q++)
        {
            int k = ks[q];
            var scores = new float[nq, nc];
            var labels = new int[nq, nc];
            for (int i = 0; i < nq; i++)
            {
                Array.Clear(acc);
                double total = 0;
                for (int j = 0; j < k; j++)
                {
                    int row = idx[i, j];
                    total += w[i, j];
                    for (int c = 0; c < nc; c++) if (_labels[row, c] == 1) acc[c] += w[i, j];
                }
                // Weights of the first k of max(ks) neighbours, renormalized: the softmax over these k alone.
                double norm = !_softmax || k == kmax || total <= 0 ? 1 : 1 / total;
                for (int c = 0; c < nc; c++)
                {
                    scores[i, c] = (float)(acc[c] * norm);
                    labels[i, c] = scores[i, c] > Threshold ? 1 : 0;
                }
            }
            result[q] = new MultiLabelKnnPrediction(k, scores, labels);
        }
        return result;
    }

    /// <summary>Releases the stored train features.</summary>
    public void Dispose() => _search.Dispose();
}
