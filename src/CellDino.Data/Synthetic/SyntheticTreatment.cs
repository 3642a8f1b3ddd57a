namespace CellDino.Data.Synthetic;

/// <summary>
/// A synthetic compound: its mechanism of action and how it shifts morphology. Neutral values are
/// 1 for scales and 0 for <see cref="MitoFragmentation"/>.
/// </summary>
/// <param name="Name">Compound name written to metadata.</param>
/// <param name="MechanismOfAction">Mechanism-of-action label.</param>
/// <param name="IsControl">True for the negative control (DMSO).</param>
/// <param name="NucleusScale">Multiplies nucleus radius.</param>
/// <param name="ElongationScale">Multiplies the cell line's excess elongation (0 = round cells).</param>
/// <param name="CellSizeScale">Multiplies cell radius.</param>
/// <param name="MitoFragmentation">0 = tubular mitochondria, 1 = fully fragmented small puncta.</param>
/// <param name="ErScale">Multiplies ER intensity and spread.</param>
/// <param name="ActinScale">Multiplies AGP stress fibres and cortex.</param>
/// <param name="IrregularityScale">Multiplies outline irregularity.</param>
internal sealed record SyntheticTreatment(
    string Name,
    string MechanismOfAction,
    bool IsControl = false,
    float NucleusScale = 1f,
    float ElongationScale = 1f,
    float CellSizeScale = 1f,
    float MitoFragmentation = 0f,
    float ErScale = 1f,
    float ActinScale = 1f,
    float IrregularityScale = 1f);
