namespace CellDino.Eval.Profiling;

/// <summary>Identifies one well of a plate.</summary>
/// <param name="Plate">Plate identifier.</param>
/// <param name="Well">Well identifier.</param>
public readonly record struct WellKey(string Plate, string Well);
