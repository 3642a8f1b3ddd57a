namespace CellDino.Data.Readers;

/// <summary>What a reader does with bad input found while it builds its sample index.</summary>
public enum BadInputPolicy
{
    /// <summary>Throw a <see cref="DataFormatException"/> at the first problem (default).</summary>
    FailFast,

    /// <summary>
    /// Leave the offending sample out of the index (its files, metadata and labels together, so the
    /// remaining samples keep their own labels) and record the problem in <see cref="IFileDataset.Problems"/>.
    /// Pixel decode failures in <see cref="Samples.IMicroscopyDataset.Get"/> still throw: an index cannot
    /// shrink after it was handed out.
    /// </summary>
    SkipAndReport,
}
