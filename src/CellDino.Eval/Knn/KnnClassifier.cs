using CellDino.Eval.Embedding;

namespace CellDino.Eval.Knn;

/// <summary>
/// Weighted kNN classifier of the DINOv2 / Cell-DINO evaluation (<c>KnnModule</c>): train and query features are
/// L2-normalized, similarity is the dot product, the <c>max(ks)</c> most similar train rows are kept, their weights are
/// softmax(sim / T) over those neighbours (or exp(sim / T)), and for each k the weights of the first k neighbours are
/// summed into their one-hot labels; the prediction is the argmax. Cell-DINO's released commands use k = 1.
/// </summary>
public sealed class KnnClassifier : IDisposable
{
    private readonly KnnSearch _search;
    private readonly int[] _labels;

    /// <summary>Stores the (normalized) train embeddings.</summary>
    /// <param name="train">Train embeddings, raw (normalized here).</param>
    /// <param name="trainLabels">The label of each train row, in 0..numClasses−1.</param>
    /// <param name="numClasses">Number of classes.</param>
    /// <param name="options">Temperature, weighting, chunking, device; null: defaults (T = 0.07, softmax).</param>
    /// <exception cref="ArgumentException">An empty or non-finite train set, a label count other than its row count, or a label out of range.</exception>
    public KnnClassifier(EmbeddingSet train, ReadOnlySpan<int> trainLabels, int numClasses, KnnOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(train);
        if (numClasses < 1) throw new ArgumentOutOfRangeException(nameof(numClasses), numClasses, "At least one class is required.");
        if (trainLabels.Length != train.Count)
            throw new ArgumentException($"trainLabels has {trainLabels.Length} entries but the train set has {train.Count} rows.", nameof(trainLabels));
        for (int i = 0; i < trainLabels.Length; i++)
            if ((uint)trainLabels[i] >= (uint)numClasses)
                throw new ArgumentException($"trainLabels[{i}] is {trainLabels[i]}: labels must be in 0..{numClasses - 1}.", nameof(trainLabels));
        NumClasses = numClasses;
        _labels = trainLabels.ToArray();
        _search = new KnnSearch(train, options ?? new KnnOptions());
    }

    /// <summary>Number of classes.</summary>
    public int NumClasses { get; }

    /// <summary>The k most similar train rows of each query, most similar first.</summary>
    public KnnNeighbors Neighbors(EmbeddingSet queries, int k)
    {
        var (idx, sims, _) = _search.Search(queries, k);
        return new KnnNeighbors(idx, sims);
    }

    /// <summary>Predicts with one k (default 1, the Cell-DINO setting).</summary>
    public KnnPrediction Predict(EmbeddingSet queries, int k = 1) => Predict(queries, [k])[0];

    /// <summary>Predicts for several k at once; with softmax weights the softmax runs over max(ks) neighbours, as DINOv2 does.</summary>
    public IReadOnlyList<KnnPrediction> Predict(EmbeddingSet queries, IReadOnlyList<int> ks)
    {
        int kmax = KnnVotes.MaxK(ks);
        var (idx, _, w) = _search.Search(queries, kmax);
        int nq = queries.Count;
        var result = new KnnPrediction[ks.Count];
        for (int q = 0; q < ks.Count; q++)
        {
            int k = ks[q];
            var scores = new float[nq, NumClasses];
            var pred = new int[nq];
            var acc = new double[NumClasses];
            for (int i = 0; i < nq; i++)
            {
                Array.Clear(acc);
                for (int j = 0; j < k; j++) acc[_labels[idx[i, j]]] += w[i, j];
                int best = 0;
                for (int c = 0; c < NumClasses; c++)
                {
                    scores[i, c] = (float)acc[c];
                    if (scores[i, c] > scores[i, best]) best = c;
                }
                pred[i] = best;
            }
            result[q] = new KnnPrediction(k, scores, pred);
        }
        return result;
    }

    /// <summary>Releases the stored train features.</summary>
    public void Dispose() => _search.Dispose();
}
