namespace CellDino.Eval.DependencyInjection;

/// <summary>Which reader <see cref="IDatasetReaderFactory"/> opens a dataset with.</summary>
public enum DatasetLayout
{
    /// <summary>HPA Kaggle: <c>&lt;Id&gt;_&lt;color&gt;.png</c> per channel in a folder, labels in <c>Id,Target</c> CSV (<see cref="CellDino.Data.Readers.HpaKaggleDataset"/>).</summary>
    HpaKaggle,

    /// <summary>Cell Painting CellProfiler LoadData CSV (<see cref="CellDino.Data.Readers.CellPaintingLoadDataDataset"/>); the path is the CSV or its folder.</summary>
    CellPainting,

    /// <summary>Cell-DINO's CSV of multi-channel PNG fields of view (<see cref="CellDino.Data.Readers.CellDinoPngOptions.HpaFov"/>).</summary>
    CellDinoPng,

    /// <summary>Cell-DINO's CSV of single-cell channel strips (<see cref="CellDino.Data.Readers.CellDinoPngOptions.HpaSingleCell"/>).</summary>
    CellDinoStrip,

    /// <summary>Cell-DINO's CSV of Cell Painting channel strips (<see cref="CellDino.Data.Readers.CellDinoPngOptions.CellPainting"/>).</summary>
    CellDinoCellPaintingStrip,

    /// <summary>A folder of multi-page or multi-channel TIFFs (<see cref="CellDino.Data.Readers.TiffFolderDataset"/>).</summary>
    TiffFolder,

    /// <summary>Generated images (<see cref="CellDino.Data.Synthetic.SyntheticDataset"/>); nothing is read from disk.</summary>
    Synthetic,
}
