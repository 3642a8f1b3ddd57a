namespace CellDino.Data.Samples;

/// <summary>
/// A dataset of microscopy samples: counted, randomly accessible, and streamable. Implementations
/// read lazily (metadata up front, pixels on demand) so that no dataset has to fit in memory, and
/// must be safe to call from several loader threads at once.
/// </summary>
public interface IMicroscopyDataset
{
    /// <summary>Number of samples.</summary>
    int Count { get; }

    /// <summary>Channel names every sample's image carries, in plane order.</summary>
    IReadOnlyList<string> ChannelNames { get; }

    /// <summary>Names of the localization classes that <see cref="SampleMetadata.Labels"/> index (empty when unlabeled).</summary>
    IReadOnlyList<string> ClassNames { get; }

    /// <summary>Metadata of sample <paramref name="index"/> without decoding its pixels.</summary>
    SampleMetadata GetMetadata(int index);

    /// <summary>Decodes sample <paramref name="index"/>.</summary>
    Sample Get(int index);

    /// <summary>Streams the samples in index order, decoding one at a time.</summary>
    IEnumerable<Sample> Stream(CancellationToken cancellationToken = default)
    {
        for (int i = 0; i < Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return Get(i);
        }
    }
}
