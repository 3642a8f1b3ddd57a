namespace CellDino.Data.Synthetic;

/// <summary>Which kind of microscopy a synthetic dataset imitates.</summary>
public enum SyntheticKind
{
    /// <summary>HPA-like 4-channel fields of view: microtubules, protein, nucleus, er.</summary>
    HpaFieldOfView,

    /// <summary>Cell-Painting-like 5-channel sites: DNA, RNA, ER, AGP, Mito.</summary>
    CellPainting,
}
