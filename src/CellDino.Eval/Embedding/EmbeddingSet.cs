using System.Globalization;
using CellDino.Data.Samples;

namespace CellDino.Eval.Embedding;

/// <summary>
/// Embeddings of a set of samples: a row-major <c>[Count, Dim]</c> float matrix and one metadata row per embedding.
/// The one embedding-matrix type of the evaluation API: kNN, probes, UMAP, similarity maps and Harmony all take it.
/// </summary>
public sealed class EmbeddingSet
{
    /// <summary>Wraps <paramref name="features"/> (length Count·Dim) and its metadata rows; nothing is copied.</summary>
    /// <param name="features">Row-major features.</param>
    /// <param name="dim">Embedding width.</param>
    /// <param name="metadata">One row per embedding; null: rows with only an id, their index (<c>0</c>, <c>1</c>, ...).</param>
    /// <exception cref="ArgumentException">A non-positive width, or a length that is not Count·Dim.</exception>
    public EmbeddingSet(float[] features, int dim, IReadOnlyList<SampleMetadata>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(features);
        if (dim < 1) throw new ArgumentOutOfRangeException(nameof(dim), $"Embedding width must be positive, got {dim}.");
        if (metadata is null)
        {
            if (features.Length % dim != 0)
                throw new ArgumentException($"Embeddings of width {dim} cannot have {features.Length} values: that is not a whole number of rows.", nameof(features));
            metadata = IndexIds(features.Length / dim);
        }
        if (features.Length != (long)metadata.Count * dim)
            throw new ArgumentException($"Embeddings and metadata differ in length: {features.Length / (double)dim} rows of width {dim} against {metadata.Count} metadata rows.");
        Features = features;
        Dim = dim;
        Metadata = metadata;
    }

    /// <summary>Row-major features, length <see cref="Count"/>·<see cref="Dim"/>.</summary>
    public float[] Features { get; }

    /// <summary>Embedding width.</summary>
    public int Dim { get; }

    /// <summary>Number of embeddings.</summary>
    public int Count => Metadata.Count;

    /// <summary>Metadata of each row.</summary>
    public IReadOnlyList<SampleMetadata> Metadata { get; }

    /// <summary>Row <paramref name="i"/>.</summary>
    public ReadOnlySpan<float> Row(int i) => Features.AsSpan(i * Dim, Dim);

    /// <summary>The rows at <paramref name="indices"/>, in that order.</summary>
    public EmbeddingSet Subset(IReadOnlyList<int> indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        var f = new float[indices.Count * Dim];
        var m = new SampleMetadata[indices.Count];
        for (int k = 0; k < indices.Count; k++)
        {
            Row(indices[k]).CopyTo(f.AsSpan(k * Dim, Dim));
            m[k] = Metadata[indices[k]];
        }
        return new EmbeddingSet(f, Dim, m);
    }

    /// <summary>At most <paramref name="maxCount"/> rows, evenly spaced over the set (row ⌊i·Count/maxCount⌋); this set when it is no larger.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxCount"/> is below 1.</exception>
    public EmbeddingSet EvenlySpaced(int maxCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        if (Count <= maxCount) return this;
        return Subset(Enumerable.Range(0, maxCount).Select(i => (int)((long)i * Count / maxCount)).ToArray());
    }

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first sample with a NaN or infinite value.</summary>
    /// <param name="name">What the set is to the caller (e.g. <c>train</c>, <c>queries</c>), the exception's parameter name.</param>
    internal void ThrowIfNotFinite(string name)
    {
        for (int i = 0; i < Features.Length; i++)
            if (!float.IsFinite(Features[i]))
                throw new ArgumentException($"Embedding of sample {Metadata[i / Dim].Id} has a non-finite value in column {i % Dim}.", name);
    }

    private static SampleMetadata[] IndexIds(int count)
    {
        var m = new SampleMetadata[count];
        for (int i = 0; i < count; i++) m[i] = new SampleMetadata { Id = i.ToString(CultureInfo.InvariantCulture) };
        return m;
    }
}
