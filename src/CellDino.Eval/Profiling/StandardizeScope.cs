namespace CellDino.Eval.Profiling;

/// <summary>Over which cells single-cell features are standardized before aggregation.</summary>
public enum StandardizeScope
{
    /// <summary>No standardization.</summary>
    None,

    /// <summary>One mean / std over all cells (the DINO4Cells pipeline's StandardScaler).</summary>
    Global,

    /// <summary>A separate mean / std for the cells of each plate.</summary>
    PerPlate,
}
