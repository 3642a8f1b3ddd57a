namespace CellDino.Eval.Integration;

/// <summary>Settings of <see cref="Harmony"/>; defaults are harmonypy 0.0.9's <c>run_harmony</c> defaults.</summary>
/// <param name="Theta">Diversity penalty per batch level (larger = more mixing).</param>
/// <param name="Lambda">Ridge penalty per batch level in the correction.</param>
/// <param name="Sigma">Soft-clustering bandwidth (the same for every cluster).</param>
/// <param name="NumClusters">Number of clusters; null: min(round(N / 30), 100).</param>
/// <param name="Tau">Discounts theta for small batches when &gt; 0: θ·(1 − exp(−(N_b / (K·τ))²)).</param>
/// <param name="BlockSize">Fraction of cells updated together in each soft-assignment block; blocks = ceil(1 / BlockSize).</param>
/// <param name="MaxIterHarmony">Maximum clustering + correction rounds.</param>
/// <param name="MaxIterKMeans">Maximum soft k-means rounds per harmony round.</param>
/// <param name="EpsilonCluster">Relative change of the windowed k-means objective that stops clustering.</param>
/// <param name="EpsilonHarmony">Relative decrease of the objective that stops Harmony.</param>
/// <param name="RandomState">Seed of the numpy-compatible generator that shuffles the block order (as np.random.seed) and of the k-means initialisation.</param>
public sealed record HarmonyOptions(
    double Theta = 1.0,
    double Lambda = 1.0,
    double Sigma = 0.1,
    int? NumClusters = null,
    double Tau = 0.0,
    double BlockSize = 0.05,
    int MaxIterHarmony = 10,
    int MaxIterKMeans = 20,
    double EpsilonCluster = 1e-5,
    double EpsilonHarmony = 1e-4,
    uint RandomState = 0);
