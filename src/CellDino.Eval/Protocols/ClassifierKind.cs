namespace CellDino.Eval.Protocols;

/// <summary>Which classifier of Cell-DINO's protocols produced a score.</summary>
public enum ClassifierKind
{
    /// <summary>Weighted kNN on L2-normalized embeddings (<c>Classification.Knn</c>).</summary>
    Knn,

    /// <summary>The DINOv2 linear-probe grid (<see cref="Classification.Linear"/>).</summary>
    LinearProbe,

    /// <summary>The MLP classifier (<see cref="Classification.Mlp"/>).</summary>
    Mlp,
}
