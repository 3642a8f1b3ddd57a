namespace CellDino.Eval.Knn;

/// <summary>How the similarities of the k nearest neighbours become vote weights.</summary>
public enum KnnWeighting
{
    /// <summary>DINOv2 / Cell-DINO <c>KnnModule</c>: softmax(sim / T) over the largest k requested.</summary>
    Softmax,

    /// <summary>Original DINO: exp(sim / T), unnormalized.</summary>
    Exp,
}
