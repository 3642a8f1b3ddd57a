namespace CellDino.Eval.Integration;

/// <summary>Output of Harmony's double-precision run (every harmonypy output the parity fixtures compare).</summary>
/// <param name="Corrected">[cells, dim] batch-corrected embedding (harmonypy's <c>Z_corr</c> transposed).</param>
/// <param name="R">[clusters, cells] final soft cluster assignments.</param>
/// <param name="InitialCentroids">[dim, clusters] starting centroids, columns L2-normalized.</param>
/// <param name="Centroids">[dim, clusters] final centroids.</param>
/// <param name="KMeansRounds">Per harmony round, the index of the last k-means round run (harmonypy's <c>kmeans_rounds</c>).</param>
/// <param name="Objective">Objective after initialisation and after each harmony round (harmonypy's <c>objective_harmony</c>).</param>
/// <param name="Converged">Whether the objective converged before <see cref="HarmonyOptions.MaxIterHarmony"/> rounds.</param>
internal sealed record HarmonyResult(
    double[,] Corrected,
    double[,] R,
    double[,] InitialCentroids,
    double[,] Centroids,
    IReadOnlyList<int> KMeansRounds,
    IReadOnlyList<double> Objective,
    bool Converged)
{
    /// <summary>Number of harmony rounds run.</summary>
    public int Iterations => KMeansRounds.Count;
}
