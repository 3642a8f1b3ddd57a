using CellDino.Data.Samples;

namespace CellDino.Eval.Embedding;

/// <summary>Embeddings of a set of samples: a row-major <c>[Count, Dim]</c> float matrix and one metadata row per embedding.</summary>
public sealed class EmbeddingSet
{
    /// <summary>Wraps <paramref name="features"/> (length Count·Dim) and its metadata rows; nothing is copied.</summary>
    public EmbeddingSet(float[] features, int dim, IReadOnlyList<SampleMetadata> metadata)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(metadata);
        if (dim < 1) throw new ArgumentOutOfRangeException(nameof(dim), $"Embedding width must be positive, got {dim}.");
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
        var f = new float[indices.Count * Dim];
        var m = new SampleMetadata[indices.Count];
        for (int k = 0; k < indices.Count; k++)
        {
            Row(indices[k]).CopyTo(f.AsSpan(k * Dim, Dim));
            m[k] = Metadata[indices[k]];
        }
        return new EmbeddingSet(f, Dim, m);
    }
}
