namespace CellDino.Data.Readers;

/// <summary>Which reader <see cref="DatasetLayouts.Open"/> opens a dataset with; <see cref="DatasetLayouts.All"/> names them.</summary>
public enum DatasetLayout
{
    /// <summary>HPA Kaggle: <c>&lt;Id&gt;_&lt;color&gt;.png</c> per channel in a folder, labels in an <c>Id,Target</c> (2018) or <c>ID,Label</c> (2021) CSV (<see cref="HpaKaggleDataset"/>).</summary>
    HpaKaggle,

    /// <summary>Single cells of HPA Kaggle fields, cut around the instances of <c>&lt;Id&gt;&lt;suffix&gt;</c> masks (<see cref="HpaSingleCellDataset"/>).</summary>
    HpaSingleCell,

    /// <summary>Cell Painting CellProfiler LoadData CSV (<see cref="CellPaintingLoadDataDataset"/>); the path is the CSV or its folder.</summary>
    CellPainting,

    /// <summary>Cell-DINO's CSV of multi-channel PNG fields of view (<see cref="CellDinoPngOptions.HpaFov"/>).</summary>
    CellDinoPng,

    /// <summary>Cell-DINO's CSV of single-cell channel strips (<see cref="CellDinoPngOptions.HpaSingleCell"/>).</summary>
    CellDinoStrip,

    /// <summary>Cell-DINO's CSV of Cell Painting channel strips (<see cref="CellDinoPngOptions.CellPainting"/>).</summary>
    CellDinoCellPaintingStrip,

    /// <summary>A folder of multi-page or multi-channel TIFFs (<see cref="TiffFolderDataset"/>).</summary>
    TiffFolder,

    /// <summary>An Opera Phenix / Harmony export folder of <c>rRRcCCfFFpPP-chN...tiff</c> files (<see cref="OperaPhenixDataset"/>).</summary>
    OperaPhenix,

    /// <summary>Generated images (<see cref="Synthetic.SyntheticDataset"/>); nothing is read from disk.</summary>
    Synthetic,
}
