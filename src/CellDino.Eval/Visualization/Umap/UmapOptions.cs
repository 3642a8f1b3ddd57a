namespace CellDino.Eval.Visualization;

/// <summary>UMAP hyper-parameters; defaults are those of the paper and umap-learn.</summary>
/// <param name="NNeighbors">Neighbourhood size k, counting the point itself (≥ 2).</param>
/// <param name="MinDist">Minimum distance between embedded points (controls clumping, ≥ 0 and &lt; <paramref name="Spread"/> x 3).</param>
/// <param name="Spread">Scale of embedded points; with <paramref name="MinDist"/> it fixes the curve parameters a, b.</param>
/// <param name="Epochs">SGD epochs; null picks 500 for up to 10 000 points and 200 above.</param>
/// <param name="Metric">Input-space distance.</param>
/// <param name="Init">Layout initialisation.</param>
/// <param name="Components">Embedding dimension.</param>
/// <param name="NegativeSampleRate">Negative samples per positive sample.</param>
/// <param name="LearningRate">Initial SGD step, decayed linearly to 0.</param>
/// <param name="RepulsionStrength">Weight gamma of the repulsive term.</param>
/// <param name="Seed">Seed of every random choice: equal seeds and inputs give identical embeddings.</param>
public sealed record UmapOptions(
    int NNeighbors = 15,
    double MinDist = 0.1,
    double Spread = 1.0,
    int? Epochs = null,
    UmapMetric Metric = UmapMetric.Euclidean,
    UmapInit Init = UmapInit.Spectral,
    int Components = 2,
    int NegativeSampleRate = 5,
    double LearningRate = 1.0,
    double RepulsionStrength = 1.0,
    int Seed = 42)
{
    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        if (NNeighbors < 2) throw new ArgumentException($"NNeighbors must be at least 2, got {NNeighbors}.");
        if (!(Spread > 0) || !double.IsFinite(Spread)) throw new ArgumentException($"Spread must be positive, got {Spread}.");
        if (!(MinDist >= 0) || MinDist >= 3 * Spread) throw new ArgumentException($"MinDist must be in [0, 3 x Spread), got {MinDist}.");
        if (Epochs is < 1) throw new ArgumentException($"Epochs must be positive, got {Epochs}.");
        if (Components < 1) throw new ArgumentException($"Components must be positive, got {Components}.");
        if (NegativeSampleRate < 0) throw new ArgumentException($"NegativeSampleRate must be non-negative, got {NegativeSampleRate}.");
        if (!(LearningRate > 0)) throw new ArgumentException($"LearningRate must be positive, got {LearningRate}.");
        if (!(RepulsionStrength >= 0)) throw new ArgumentException($"RepulsionStrength must be non-negative, got {RepulsionStrength}.");
    }

    /// <summary>Epochs used for <paramref name="n"/> points.</summary>
    public int EpochsFor(int n) => Epochs ?? (n <= 10_000 ? 500 : 200);
}
