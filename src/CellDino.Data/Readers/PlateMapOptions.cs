namespace CellDino.Data.Readers;

/// <summary>
/// A plate map (well → treatment, optionally cell line, control flag and MoA) and an optional
/// compound table (treatment → MoA) joined onto LoadData rows. All other plate-map columns are
/// carried into <see cref="Samples.SampleMetadata.Extra"/>.
/// </summary>
public sealed record PlateMapOptions
{
    /// <summary>The plate-map CSV.</summary>
    public required string Path { get; init; }

    /// <summary>Well column of the plate map (wells compare as letter + two-digit column, so <c>C3</c> = <c>C03</c>).</summary>
    public string WellColumn { get; init; } = "Metadata_Well";

    /// <summary>Plate column of the plate map, when one map covers several plates; null joins on well only.</summary>
    public string? PlateColumn { get; init; }

    /// <summary>Treatment column of the plate map; null when there is none.</summary>
    public string? TreatmentColumn { get; init; } = "Metadata_broad_sample";

    /// <summary>MoA column of the plate map itself, if any.</summary>
    public string? MoaColumn { get; init; }

    /// <summary>Control-flag column (values true/1/yes/control count as control); null derives the flag from <see cref="ControlTreatments"/>.</summary>
    public string? ControlColumn { get; init; }

    /// <summary>Treatments that mark negative controls (ordinal, case-insensitive).</summary>
    public IReadOnlyList<string> ControlTreatments { get; init; } = ["DMSO"];

    /// <summary>Cell-line column of the plate map, if any.</summary>
    public string? CellLineColumn { get; init; }

    /// <summary>Optional compound table mapping treatment → MoA.</summary>
    public string? CompoundsPath { get; init; }

    /// <summary>Treatment column of the compound table.</summary>
    public string CompoundTreatmentColumn { get; init; } = "Metadata_broad_sample";

    /// <summary>MoA column of the compound table.</summary>
    public string CompoundMoaColumn { get; init; } = "Metadata_moa";

    /// <summary>
    /// Options for the plate map at <paramref name="path"/> with its columns recognised by name (case-insensitive):
    /// well <c>Metadata_Well</c> or <c>well</c>; plate <c>Metadata_Plate</c>/<c>plate</c>; treatment
    /// <c>Metadata_Treatment</c>, <c>Metadata_broad_sample</c>, <c>Metadata_pert_iname</c>, <c>treatment</c> or
    /// <c>condition</c>; MoA <c>Metadata_MoA</c>/<c>moa</c>; control <c>Metadata_Control</c>/<c>control</c>; cell line
    /// <c>Metadata_CellLine</c>, <c>Metadata_cell_line</c> or <c>cell_line</c>. CellDino's synthetic plate maps, the
    /// Broad's and plain lab sheets load as they are; other columns still reach <see cref="Samples.SampleMetadata.Extra"/>.
    /// </summary>
    /// <exception cref="DataFormatException">The file cannot be read or has no well column.</exception>
    public static PlateMapOptions Detect(string path)
    {
        var header = Csv.CsvTable.ReadHeader(path);
        string? Pick(params string[] names) => names.Select(n => header.FirstOrDefault(h => h.Equals(n, StringComparison.OrdinalIgnoreCase))).FirstOrDefault(h => h is not null);
        var well = Pick("Metadata_Well", "well", "Metadata_well_position", "well_position")
            ?? throw new DataFormatException(path, $"expected a well column (Metadata_Well or well); the header has: {string.Join(", ", header)}.", 1);
        return new PlateMapOptions
        {
            Path = path,
            WellColumn = well,
            PlateColumn = Pick("Metadata_Plate", "plate"),
            TreatmentColumn = Pick("Metadata_Treatment", "Metadata_broad_sample", "Metadata_pert_iname", "treatment", "condition"),
            MoaColumn = Pick("Metadata_MoA", "moa"),
            ControlColumn = Pick("Metadata_Control", "control"),
            CellLineColumn = Pick("Metadata_CellLine", "Metadata_cell_line", "cell_line"),
        };
    }

    /// <summary>
    /// These options with the compound table at <paramref name="path"/>, its columns recognised by name (case-insensitive):
    /// treatment <c>Metadata_broad_sample</c>, <c>Metadata_Treatment</c>, <c>Metadata_pert_iname</c>, <c>broad_sample</c>,
    /// <c>treatment</c> or <c>compound</c>; MoA <c>Metadata_moa</c> or <c>moa</c>.
    /// </summary>
    /// <exception cref="DataFormatException">The file cannot be read, or has no treatment or no MoA column.</exception>
    public PlateMapOptions WithCompoundsOf(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var header = Csv.CsvTable.ReadHeader(path);
        string? Pick(params string[] names) => names.Select(n => header.FirstOrDefault(h => h.Equals(n, StringComparison.OrdinalIgnoreCase))).FirstOrDefault(h => h is not null);
        var treatment = Pick("Metadata_broad_sample", "Metadata_Treatment", "Metadata_pert_iname", "broad_sample", "treatment", "compound")
            ?? throw new DataFormatException(path, $"expected a treatment column (Metadata_broad_sample, treatment or compound) in the compound table; the header has: {string.Join(", ", header)}.", 1);
        var moa = Pick("Metadata_moa", "moa")
            ?? throw new DataFormatException(path, $"expected a mechanism-of-action column (Metadata_moa or moa) in the compound table; the header has: {string.Join(", ", header)}.", 1);
        return this with { CompoundsPath = path, CompoundTreatmentColumn = treatment, CompoundMoaColumn = moa };
    }
}
