namespace CellDino.Eval.Profiling;

/// <summary>Identifies one imaging site (field of view) of a well.</summary>
/// <param name="Plate">Plate identifier.</param>
/// <param name="Well">Well identifier (e.g. "B03").</param>
/// <param name="Site">Site identifier within the well.</param>
public readonly record struct SiteKey(string Plate, string Well, string Site)
{
    /// <summary>The well this site belongs to.</summary>
    public WellKey WellKey => new(Plate, Well);
}
