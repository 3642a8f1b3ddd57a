namespace CellDino.Data.Synthetic;

/// <summary>One painted cell: its id in the instance mask and its geometry.</summary>
/// <param name="Id">Instance id (1-based; the mask value of its pixels).</param>
/// <param name="CenterX">Column of the cell centre.</param>
/// <param name="CenterY">Row of the cell centre.</param>
/// <param name="Radius">Geometric-mean radius of the cell outline in pixels.</param>
/// <param name="Area">Pixels the cell owns in the mask.</param>
/// <param name="NucleusArea">Pixels of its nucleus.</param>
internal sealed record SyntheticCell(int Id, float CenterX, float CenterY, float Radius, int Area, int NucleusArea);
