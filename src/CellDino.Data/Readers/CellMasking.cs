namespace CellDino.Data.Readers;

/// <summary>Which pixels of a single-cell crop are zeroed using the instance mask.</summary>
public enum CellMasking
{
    /// <summary>Keep every pixel of the crop.</summary>
    None,

    /// <summary>Zero pixels that belong to other cell instances; keep this cell and the background.</summary>
    OtherCells,

    /// <summary>Zero everything outside this cell (Cell-DINO's "masked single cells", INFERRED from its file names).</summary>
    OutsideCell,
}
