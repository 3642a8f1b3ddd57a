namespace CellDino.Data.Loading;

/// <summary>
/// A sample failed to load or transform on a loader worker. Raised on the consuming thread when the
/// failing batch's turn comes; <see cref="Exception.InnerException"/> is the original error (often a
/// <see cref="DataFormatException"/>).
/// </summary>
public sealed class DataLoaderException : Exception
{
    /// <summary>Creates the exception for dataset sample <paramref name="sampleIndex"/>.</summary>
    public DataLoaderException(int sampleIndex, int epoch, int batchIndex, Exception inner)
        : base($"Loading sample {sampleIndex} (epoch {epoch}, batch {batchIndex}) failed: {inner.Message}", inner)
    {
        SampleIndex = sampleIndex;
        Epoch = epoch;
        BatchIndex = batchIndex;
    }

    /// <summary>Dataset index of the failing sample.</summary>
    public int SampleIndex { get; }

    /// <summary>Epoch of the failing batch.</summary>
    public int Epoch { get; }

    /// <summary>Position of the failing batch within its epoch.</summary>
    public int BatchIndex { get; }
}
