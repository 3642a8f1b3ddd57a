namespace CellDino.Data.Readers;

/// <summary>Options every file reader shares.</summary>
public record DatasetReaderOptions
{
    /// <summary>What to do with bad input found while indexing.</summary>
    public BadInputPolicy BadInput { get; init; } = BadInputPolicy.FailFast;

    /// <summary>
    /// Decode every image file while indexing (<see cref="Imaging.ImageIO.Verify"/>: header, chunk CRCs, pixel data,
    /// channel sizes), so corrupt or inconsistent files are caught up front (and skipped under
    /// <see cref="BadInputPolicy.SkipAndReport"/>) instead of failing in <c>Get</c>. Costs one decode of every file.
    /// </summary>
    public bool VerifyImages { get; init; }
}
