using CellDino.Eval.Integration;
using CellDino.TestSupport;
using static TorchSharp.torch;

namespace CellDino.Eval.Tests.Integration;

public class HarmonyTests
{
    private static HarmonyOptions FixtureOptions(double blockSize) =>
        new(Theta: 2.0, Lambda: 1.0, Sigma: 0.1, NumClusters: 8, BlockSize: blockSize, MaxIterHarmony: 10, MaxIterKMeans: 20,
            EpsilonCluster: 1e-5, EpsilonHarmony: 1e-4, RandomState: 0);

    private static int[] Rounds(string run)
    {
        using var doc = Fixtures.Json("harmony.json");
        return doc.RootElement.GetProperty("runs").GetProperty(run).GetProperty("kmeans_rounds").EnumerateArray().Select(e => e.GetInt32()).ToArray();
    }

    private static double[] Objectives(string run)
    {
        using var doc = Fixtures.Json("harmony.json");
        return doc.RootElement.GetProperty("runs").GetProperty(run).GetProperty("objective_harmony").EnumerateArray().Select(e => e.GetDouble()).ToArray();
    }

    [Theory]
    [InlineData("oneblock", 1.0)]
    [InlineData("default", 0.05)]
    public void Run_from_the_fixture_centroids_equals_harmonypy(string run, double blockSize)
    {
        using var sd = FixtureData.Load("harmony.safetensors");
        var x = FixtureData.Doubles2(sd["input"]);
        var batch = FixtureData.Ints(sd["batch"]);
        var res = Harmony.Run(x, batch, FixtureOptions(blockSize), FixtureData.Doubles2(sd[run + ".Y_init"]));
        Assert.Equal(Rounds(run), res.KMeansRounds);
        var obj = Objectives(run);
        Assert.Equal(obj.Length, res.Objective.Count);
        for (int i = 0; i < obj.Length; i++) Assert.True(Math.Abs(obj[i] - res.Objective[i]) <= 1e-6 * Math.Abs(obj[i]), $"objective {i}: {res.Objective[i]} vs {obj[i]}");
        Assert.True(res.Converged);
        using var scope = NewDisposeScope();
        TensorAssertRelative.RelL2(sd[run + ".Z_corr"], tensor(res.Corrected), 1e-5, 1e-4, "Z_corr");
        TensorAssertRelative.RelL2(sd[run + ".R"], tensor(res.R), 1e-5, 1e-4, "R");
        TensorAssertRelative.RelL2(sd[run + ".Y_final"], tensor(res.Centroids), 1e-5, 1e-4, "Y_final");
    }

    [Fact]
    public void Block_order_follows_numpys_legacy_generator()
    {
        // np.random.seed(0); np.random.permutation(10)
        var rng = new NumpyLegacyRandom(0);
        var a = Enumerable.Range(0, 10).ToArray();
        rng.Shuffle(a);
        Assert.Equal([2, 8, 4, 9, 1, 6, 7, 3, 0, 5], a);
    }
}
