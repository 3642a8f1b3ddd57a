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
}
