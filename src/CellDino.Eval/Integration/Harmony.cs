using CellDino.Eval.Embedding;
using CellDino.Eval.Protocols;

namespace CellDino.Eval.Integration;

/// <summary>
/// Harmony data integration (Korsunsky et al. 2019) equal to harmonypy 0.0.9 <c>run_harmony</c> with one batch
/// variable: soft k-means on cosine-normalized cells with a batch-diversity penalty, then a per-cluster ridge
/// regression that removes batch effects from the original embedding, repeated until the objective converges.
/// With <see cref="HarmonyOptions.BlockSize"/> 1 (one block) a run is deterministic given its initial centroids;
/// otherwise the block order is drawn from a numpy-compatible MT19937 stream seeded with
/// <see cref="HarmonyOptions.RandomState"/>, as harmonypy draws it after <c>np.random.seed</c>.
/// </summary>
public static class Harmony
{
    /// <summary>
    /// Removes the batch effect of the metadata column <paramref name="batchKey"/> from <paramref name="set"/>: the
    /// corrected embeddings, with the same metadata in the same order.
    /// </summary>
    /// <param name="set">Embeddings, finite.</param>
    /// <param name="batchKey">
    /// The batch column (<see cref="EvaluationTasks.MetadataColumn"/>: <c>plate</c>, <c>cell-line</c>, <c>well</c>,
    /// <c>treatment</c> or an extra column); its levels in ordinal order are harmonypy's one-hot columns.
    /// </param>
    /// <param name="options">Settings; null: harmonypy defaults.</param>
    /// <exception cref="ArgumentException">
    /// A non-finite embedding, a sample without a batch value, fewer than two batches, or invalid options.
    /// </exception>
    public static EmbeddingSet Run(EmbeddingSet set, string batchKey, HarmonyOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(batchKey);
        set.ThrowIfNotFinite(nameof(set));
        var batches = EvaluationTask.FromColumn(batchKey, set.Metadata, EvaluationTasks.MetadataColumn(batchKey));
        int n = set.Count, d = set.Dim;
        // The algorithm runs in double precision, as harmonypy does: one widening copy in, one narrowing copy out.
        var data = new double[n, d];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < d; j++) data[i, j] = set.Features[i * d + j];
        var corrected = Run(data, set.Metadata.Select(m => batches.LabelsOf(m)[0]).ToArray(), options).Corrected;
        var features = new float[n * d];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < d; j++) features[i * d + j] = (float)corrected[i, j];
        return new EmbeddingSet(features, d, set.Metadata);
    }

    /// <summary>Runs Harmony on a double-precision matrix (harmonypy parity: the fixtures compare every output).</summary>
    /// <param name="data">[cells, dim] embedding, finite.</param>
    /// <param name="batch">[cells] batch label of each cell; levels are ordered by value (harmonypy's sorted one-hot columns).</param>
    /// <param name="options">Settings; null: harmonypy defaults.</param>
    /// <param name="initialCentroids">[dim, clusters] starting centroids (harmonypy's <c>Y</c> after k-means); null: own k-means++.</param>
    internal static HarmonyResult Run(double[,] data, IReadOnlyList<int> batch, HarmonyOptions? options = null, double[,]? initialCentroids = null)
    {
        options ??= new HarmonyOptions();
        int n = data.GetLength(0), d = data.GetLength(1);
        if (batch.Count != n) throw new ArgumentException($"batch has {batch.Count} entries but data has {n} rows (cells).", nameof(batch));
        if (n == 0 || d == 0) throw new ArgumentException($"data is [{n}, {d}]: cells and dimensions are required.", nameof(data));
        for (int i = 0; i < n; i++)
            for (int j = 0; j < d; j++)
                if (!double.IsFinite(data[i, j])) throw new ArgumentException($"data[{i}, {j}] is {data[i, j]}: the embedding must be finite.", nameof(data));
        Validate(options);
        int k = options.NumClusters ?? (int)Math.Min(Math.Round(n / 30.0, MidpointRounding.ToEven), 100);
        if (k < 1) throw new ArgumentException($"{n} cells give {k} clusters (round(N/30)): set NumClusters explicitly.", nameof(options));
        if (initialCentroids is not null && (initialCentroids.GetLength(0) != d || initialCentroids.GetLength(1) != k))
            throw new ArgumentException($"initialCentroids is [{initialCentroids.GetLength(0)}, {initialCentroids.GetLength(1)}] but [dim {d}, clusters {k}] is expected.", nameof(initialCentroids));

        var state = new HarmonyState(data, batch, k, options);
        state.InitCluster(initialCentroids);
        bool converged = state.Harmonize();
        return state.ToResult(converged);
    }

    private static void Validate(HarmonyOptions o)
    {
        if (!(o.Sigma > 0) || !double.IsFinite(o.Sigma)) throw new ArgumentOutOfRangeException(nameof(o), o.Sigma, "Sigma must be positive.");
        if (!(o.BlockSize > 0 && o.BlockSize <= 1)) throw new ArgumentOutOfRangeException(nameof(o), o.BlockSize, "BlockSize must be in (0, 1].");
        if (!double.IsFinite(o.Theta) || !(o.Lambda >= 0) || !double.IsFinite(o.Lambda) || !(o.Tau >= 0))
            throw new ArgumentOutOfRangeException(nameof(o), "Theta must be finite, Lambda and Tau finite and >= 0.");
        if (o.MaxIterHarmony < 1 || o.MaxIterKMeans < 1) throw new ArgumentOutOfRangeException(nameof(o), "MaxIterHarmony and MaxIterKMeans must be at least 1.");
    }
}
