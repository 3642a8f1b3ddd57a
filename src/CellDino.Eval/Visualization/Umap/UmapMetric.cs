namespace CellDino.Eval.Visualization;

/// <summary>Distance used to build the UMAP k-nearest-neighbour graph.</summary>
public enum UmapMetric
{
    /// <summary>Euclidean distance.</summary>
    Euclidean,

    /// <summary>Cosine distance, 1 - cos(x, y) (zero vectors are at distance 1 from everything).</summary>
    Cosine,
}
