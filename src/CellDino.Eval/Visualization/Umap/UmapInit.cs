namespace CellDino.Eval.Visualization;

/// <summary>How UMAP initialises the low-dimensional layout before SGD.</summary>
public enum UmapInit
{
    /// <summary>Leading non-trivial eigenvectors of the normalised graph Laplacian (the paper's default).</summary>
    Spectral,

    /// <summary>Uniform random coordinates.</summary>
    Random,
}
