namespace CellDino.Data.Synthetic;

/// <summary>
/// Every random choice about one cell, drawn before painting so painting is a pure function of the
/// plan: outline, nucleus, texture seeds, brightness and the positions of its puncta.
/// </summary>
internal sealed class CellPlan
{
    public required int Id { get; init; }
    public required CellShape Shape { get; init; }
    public required CellShape Nucleus { get; init; }
    public required float Radius { get; init; }
    public required ulong TextureSeed { get; init; }
    public required ulong ErSeed { get; init; }
    public required float FiberPhase { get; init; }
    public required float FiberTwist { get; init; }
    public required float StainBrightness { get; init; }
    public required float ProteinBrightness { get; init; }
    public required float FiberStripePhase { get; init; }
    public required Spot[] Nucleoli { get; init; }
    public required Spot[] Mitochondria { get; init; }
    public required Spot[] Vesicles { get; init; }
    public required Spot Golgi { get; init; }

    /// <summary>Inclusive pixel bounds of the cell, clipped to the field (set by rasterization).</summary>
    public int X0 { get; set; }
    public int X1 { get; set; }
    public int Y0 { get; set; }
    public int Y1 { get; set; }
    public int Area { get; set; }
    public int NucleusArea { get; set; }
}
