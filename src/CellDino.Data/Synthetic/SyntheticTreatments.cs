namespace CellDino.Data.Synthetic;

/// <summary>
/// The built-in synthetic treatments: a DMSO control and two compounds for each of five mechanisms of
/// action, so MoA prediction can be evaluated on held-out compounds. Sister compounds share the
/// direction of the effect but differ in strength.
/// </summary>
internal static class SyntheticTreatments
{
    /// <summary>Negative control: no morphological change.</summary>
    public static SyntheticTreatment Dmso { get; } = new("DMSO", "control", IsControl: true);

    /// <summary>All built-in treatments, DMSO first.</summary>
    public static IReadOnlyList<SyntheticTreatment> All { get; } = new[]
    {
        Dmso,
        new SyntheticTreatment("nocodazole", "tubulin polymerization inhibitor", ElongationScale: 0.1f, CellSizeScale: 0.85f, IrregularityScale: 0.5f),
        new SyntheticTreatment("vinblastine", "tubulin polymerization inhibitor", ElongationScale: 0.3f, CellSizeScale: 0.9f, IrregularityScale: 0.6f),
        new SyntheticTreatment("etoposide", "topoisomerase inhibitor", NucleusScale: 1.35f, CellSizeScale: 1.1f),
        new SyntheticTreatment("camptothecin", "topoisomerase inhibitor", NucleusScale: 1.25f, CellSizeScale: 1.05f),
        new SyntheticTreatment("CCCP", "mitochondrial uncoupler", MitoFragmentation: 1f),
        new SyntheticTreatment("FCCP", "mitochondrial uncoupler", MitoFragmentation: 0.75f),
        new SyntheticTreatment("cytochalasin D", "actin polymerization inhibitor", ActinScale: 0.35f, IrregularityScale: 2.0f),
        new SyntheticTreatment("latrunculin B", "actin polymerization inhibitor", ActinScale: 0.5f, IrregularityScale: 1.7f),
        new SyntheticTreatment("tunicamycin", "ER stress inducer", ErScale: 1.8f),
        new SyntheticTreatment("thapsigargin", "ER stress inducer", ErScale: 1.5f),
    };
}
