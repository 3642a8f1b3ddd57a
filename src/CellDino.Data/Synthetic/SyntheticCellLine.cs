namespace CellDino.Data.Synthetic;

/// <summary>
/// Morphology of one synthetic cell line. Sizes are relative to the configured mean cell radius.
/// </summary>
/// <param name="Name">Cell-line name written to metadata.</param>
/// <param name="RadiusScale">Cell radius relative to the configured mean radius.</param>
/// <param name="Elongation">Major/minor axis ratio of the cell outline (1 = round).</param>
/// <param name="Irregularity">Strength of outline harmonics (0 = perfect ellipse).</param>
/// <param name="NucleusFraction">Nucleus radius relative to cell radius.</param>
/// <param name="FiberCount">Number of radial microtubule fibres around the nucleus.</param>
/// <param name="TextureScale">Cytoplasmic texture period in pixels (coarser for larger values).</param>
/// <param name="ErSpread">How far the ER network reaches from the nucleus, relative to cell radius.</param>
/// <param name="MitoDensity">Mitochondrial puncta per 100 px² of cytoplasm.</param>
internal sealed record SyntheticCellLine(
    string Name,
    float RadiusScale,
    float Elongation,
    float Irregularity,
    float NucleusFraction,
    int FiberCount,
    float TextureScale,
    float ErSpread,
    float MitoDensity);
