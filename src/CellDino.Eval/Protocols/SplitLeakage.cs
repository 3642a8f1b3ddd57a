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

    /// <summary>
    /// What scores on such a split mean, in one sentence for a warning; null when nothing is shared. Shared samples
    /// outrank shared fields (a shared sample shares its field too).
    /// </summary>
    /// <param name="trainName">How the reader knows the training set, e.g. <c>--train</c>.</param>
    /// <param name="testName">How the reader knows the test set, e.g. <c>--test</c>.</param>
    public string? Warning(string trainName = "train", string testName = "test")
    {
        if (SharedSamples > 0)
            return $"{SharedSamples} of the {TestCount} {testName} samples are also in {trainName} (same ids): these scores measure recall of seen samples, not generalization.";
        if (SharedFieldSamples > 0)
            return $"{SharedFieldSamples} of the {TestCount} {testName} cells come from {SharedFields.Count} field(s) that also have cells in {trainName} " +
                   $"(first: {SharedFields[0]}): cells of one image look alike, so these scores overstate generalization; hold out whole fields.";
        return null;
    }

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
