using CellDino.Eval.Embedding;

namespace CellDino.Eval.Protocols;

/// <summary>
/// What a test set shares with its training set: the same samples (ids), or single cells cut from the same field of
/// view (<see cref="Data.Samples.SampleMetadata.ImageId"/>), whose neighbours in the same image make kNN and probes look
/// better than on unseen images.
/// </summary>
/// <param name="TestCount">Test samples.</param>
/// <param name="SharedSamples">Test samples whose id is also in the training set.</param>
/// <param name="SharedFieldSamples">Test samples (cells) whose field of view also has cells in the training set.</param>
/// <param name="SharedFields">Those fields, in first-seen test order.</param>
public sealed record SplitLeakage(int TestCount, int SharedSamples, int SharedFieldSamples, IReadOnlyList<string> SharedFields)
{
    /// <summary>True when nothing is shared.</summary>
    public bool IsNone => SharedSamples == 0 && SharedFieldSamples == 0;

    /// <summary>Compares the ids and the source fields of <paramref name="test"/> with those of <paramref name="train"/>.</summary>
    public static SplitLeakage Find(EmbeddingSet train, EmbeddingSet test)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        var ids = train.Metadata.Select(m => m.Id).ToHashSet(StringComparer.Ordinal);
        var fields = train.Metadata.Select(m => m.ImageId).OfType<string>().ToHashSet(StringComparer.Ordinal);
        int sharedIds = test.Metadata.Count(m => ids.Contains(m.Id));
        var sharedField = test.Metadata.Where(m => m.ImageId is not null && fields.Contains(m.ImageId)).ToList();
        return new SplitLeakage(test.Count, sharedIds, sharedField.Count, sharedField.Select(m => m.ImageId!).Distinct(StringComparer.Ordinal).ToArray());
    }
}
