namespace CellDino.Data.Readers;

/// <summary>Options of <see cref="OperaPhenixDataset"/>.</summary>
public sealed record OperaPhenixOptions : DatasetReaderOptions
{
    /// <summary>
    /// The Phenix channels to read, in model order, as <c>chN</c> (or <c>N</c>); null reads every channel found, in
    /// ascending order. Cell-DINO's Cell Painting order for the common Phenix set-up (ch5 Hoechst, ch6 SYTO14,
    /// ch2 ConA, ch3 phalloidin/WGA, ch4 MitoTracker) is <c>ch5, ch6, ch2, ch3, ch4</c>: DNA, RNA, ER, AGP, Mito.
    /// </summary>
    public IReadOnlyList<string>? Channels { get; init; }

    /// <summary>Names of the output channels (same count as <see cref="Channels"/>); null uses the <c>chN</c> names.</summary>
    public IReadOnlyList<string>? ChannelNames { get; init; }

    /// <summary>The plate of every field; null: the folder's name (Phenix exports keep one plate per folder).</summary>
    public string? Plate { get; init; }

    /// <summary>A plate map joined on the well (<c>r03c03</c> is well C03); null for none.</summary>
    public PlateMapOptions? PlateMap { get; init; }
}
