namespace CellDino.Data.Readers;

/// <summary>Options of <see cref="CellPaintingLoadDataDataset"/>.</summary>
public sealed record CellPaintingLoadDataOptions : DatasetReaderOptions
{
    /// <summary>The five Cell Painting channels in the order Cell-DINO's Cell Painting model takes them: DNA, RNA, ER, AGP, Mito.</summary>
    public static IReadOnlyList<string> CellDinoChannelOrder { get; } = ["DNA", "RNA", "ER", "AGP", "Mito"];

    /// <summary>Channels to load, in output order; each needs <c>{FileNamePrefix}{name}</c> in the LoadData CSV.</summary>
    public IReadOnlyList<string> Channels { get; init; } = CellDinoChannelOrder;

    /// <summary>Prefix of the file-name columns (CellProfiler: <c>FileName_Orig</c>).</summary>
    public string FileNamePrefix { get; init; } = "FileName_Orig";

    /// <summary>Prefix of the folder columns (CellProfiler: <c>PathName_Orig</c>); when absent or empty, files resolve against the CSV's folder.</summary>
    public string PathNamePrefix { get; init; } = "PathName_Orig";

    /// <summary>Plate column (optional in the CSV).</summary>
    public string PlateColumn { get; init; } = "Metadata_Plate";

    /// <summary>Well column (optional in the CSV; required for a plate-map join).</summary>
    public string WellColumn { get; init; } = "Metadata_Well";

    /// <summary>Site (field) column (optional in the CSV).</summary>
    public string SiteColumn { get; init; } = "Metadata_Site";

    /// <summary>Cell-line column (optional in the CSV; a plate map's cell-line column takes precedence).</summary>
    public string CellLineColumn { get; init; } = "Metadata_CellLine";

    /// <summary>Plate map to join on well (and plate), giving treatment, control flag, cell line and mechanism of action.</summary>
    public PlateMapOptions? PlateMap { get; init; }

    /// <summary>
    /// When true and mechanisms of action are known, <see cref="Samples.IMicroscopyDataset.ClassNames"/> are the
    /// distinct MoAs (ordinal order) and each sample's label is its MoA index (controls and unknown MoAs unlabeled).
    /// </summary>
    public bool LabelsFromMoa { get; init; } = true;
}
