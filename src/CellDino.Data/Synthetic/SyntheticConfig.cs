namespace CellDino.Data.Synthetic;

/// <summary>
/// Everything that determines a synthetic dataset. Two generators with equal configs paint identical
/// pixels; sample <c>i</c> depends only on (<see cref="Seed"/>, <c>i</c>) and this config.
/// </summary>
public sealed record SyntheticConfig
{
    /// <summary>HPA fields of view or Cell Painting sites.</summary>
    public SyntheticKind Kind { get; init; } = SyntheticKind.HpaFieldOfView;

    /// <summary>Master seed.</summary>
    public int Seed { get; init; }

    /// <summary>Field height in pixels.</summary>
    public int Height { get; init; } = 64;

    /// <summary>Field width in pixels.</summary>
    public int Width { get; init; } = 64;

    /// <summary>Fewest cells per field.</summary>
    public int MinCellsPerField { get; init; } = 2;

    /// <summary>Most cells per field.</summary>
    public int MaxCellsPerField { get; init; } = 4;

    /// <summary>Mean cell radius in pixels; 0 picks <c>min(Height, Width) / 7</c>.</summary>
    public float MeanCellRadius { get; init; }

    /// <summary>Fraction of HPA wells whose protein shows two or three localization classes.</summary>
    public double MultiLabelFraction { get; init; } = 0.25;

    /// <summary>Fields (sites) imaged per well.</summary>
    public int SitesPerWell { get; init; } = 4;

    /// <summary>Well rows per plate (A, B, ...).</summary>
    public int WellRows { get; init; } = 4;

    /// <summary>Well columns per plate (01, 02, ...).</summary>
    public int WellColumns { get; init; } = 6;

    /// <summary>Scales plate/well batch effects (gain, background, defocus); 0 disables them.</summary>
    public float BatchEffectStrength { get; init; } = 1f;

    /// <summary>Scales shot and read noise; 0 gives noise-free images.</summary>
    public float NoiseLevel { get; init; } = 1f;

    /// <summary>Cell lines to draw from (HPA: per well; Cell Painting: per plate).</summary>
    /// <remarks>Internal, as the line and treatment records are: the built-in sets are the synthetic vocabulary; tests vary them.</remarks>
    internal IReadOnlyList<SyntheticCellLine> CellLines { get; init; } = SyntheticCellLines.All;

    /// <summary>Treatments laid out on each Cell Painting plate; the first control among them marks control wells.</summary>
    internal IReadOnlyList<SyntheticTreatment> Treatments { get; init; } = SyntheticTreatments.All;

    /// <summary>When set, samples are single-cell crops of this size centred on each cell instead of whole fields.</summary>
    public int? SingleCellCropSize { get; init; }

    /// <summary>In single-cell mode, zero the pixels of other cells and background (HPA "masked" crops).</summary>
    public bool MaskOtherCells { get; init; }

    /// <summary>Wells per plate.</summary>
    public int WellsPerPlate => WellRows * WellColumns;

    /// <summary>The mean cell radius actually used.</summary>
    public float EffectiveCellRadius => MeanCellRadius > 0 ? MeanCellRadius : Math.Min(Height, Width) / 7f;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        if (Height < 8 || Width < 8) throw new ArgumentException($"Field size must be at least 8x8, got {Height}x{Width}.");
        if (MinCellsPerField < 1 || MaxCellsPerField < MinCellsPerField)
            throw new ArgumentException($"Cells per field must satisfy 1 <= Min <= Max, got {MinCellsPerField}..{MaxCellsPerField}.");
        if (MultiLabelFraction is < 0 or > 1) throw new ArgumentException($"MultiLabelFraction must be in [0, 1], got {MultiLabelFraction}.");
        if (SitesPerWell < 1 || WellRows is < 1 or > 26 || WellColumns is < 1 or > 99)
            throw new ArgumentException($"Plate layout must have 1+ sites, 1..26 rows and 1..99 columns, got {SitesPerWell} sites, {WellRows}x{WellColumns} wells.");
        if (BatchEffectStrength < 0 || NoiseLevel < 0) throw new ArgumentException("BatchEffectStrength and NoiseLevel must be non-negative.");
        if (CellLines is null || CellLines.Count == 0) throw new ArgumentException("At least one cell line is required.");
        if (Treatments is null || Treatments.Count == 0) throw new ArgumentException("At least one treatment is required.");
        if (SingleCellCropSize is { } c && c < 4) throw new ArgumentException($"SingleCellCropSize must be at least 4, got {c}.");
        if (MeanCellRadius < 0) throw new ArgumentException($"MeanCellRadius must be non-negative, got {MeanCellRadius}.");
    }
}
