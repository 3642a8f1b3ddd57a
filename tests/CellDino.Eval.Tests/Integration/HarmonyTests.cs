using CellDino.Data.Samples;
using CellDino.Eval.Embedding;
using CellDino.Eval.Integration;
using CellDino.TestSupport;
using static TorchSharp.torch;

namespace CellDino.Eval.Tests.Integration;

public class HarmonyTests
{
    private static readonly Lazy<(double[,] X, int[] Batch, int[] Bio)> Input = new(() =>
    {
        using var sd = FixtureData.Load("harmony.safetensors");
        return (FixtureData.Doubles2(sd["input"]), FixtureData.Ints(sd["batch"]), FixtureData.Ints(sd["bio_label"]));
    });

    private static HarmonyOptions FixtureOptions(string run)
    {
        using var doc = Fixtures.Json("harmony.json");
        var c = doc.RootElement.GetProperty("config");
        var r = doc.RootElement.GetProperty("runs").GetProperty(run);
        return new HarmonyOptions(
            Theta: c.GetProperty("theta").GetDouble(), Lambda: c.GetProperty("lamb").GetDouble(), Sigma: c.GetProperty("sigma").GetDouble(),
            NumClusters: c.GetProperty("nclust").GetInt32(), BlockSize: r.GetProperty("block_size").GetDouble(),
            MaxIterHarmony: c.GetProperty("max_iter_harmony").GetInt32(), MaxIterKMeans: c.GetProperty("max_iter_kmeans").GetInt32(),
            EpsilonCluster: c.GetProperty("epsilon_cluster").GetDouble(), EpsilonHarmony: c.GetProperty("epsilon_harmony").GetDouble(),
            RandomState: c.GetProperty("random_state").GetUInt32());
    }

    private static T[] RunArray<T>(string run, string key, Func<System.Text.Json.JsonElement, T> get)
    {
        using var doc = Fixtures.Json("harmony.json");
        return doc.RootElement.GetProperty("runs").GetProperty(run).GetProperty(key).EnumerateArray().Select(get).ToArray();
    }

    [Fact]
    public void One_block_run_from_the_fixture_centroids_equals_harmonypy()
    {
        var (x, batch, _) = Input.Value;
        using var sd = FixtureData.Load("harmony.safetensors");
        var res = Harmony.Run(x, batch, FixtureOptions("oneblock"), FixtureData.Doubles2(sd["oneblock.Y_init"]));
        Assert.Equal(RunArray("oneblock", "kmeans_rounds", e => e.GetInt32()), res.KMeansRounds);
        var obj = RunArray("oneblock", "objective_harmony", e => e.GetDouble());
        Assert.Equal(obj.Length, res.Objective.Count);
        for (int i = 0; i < obj.Length; i++)
            Assert.True(Math.Abs(obj[i] - res.Objective[i]) <= 1e-6 * Math.Abs(obj[i]), $"objective {i}: {res.Objective[i]} vs {obj[i]}");
        Assert.True(res.Converged);
        using var scope = NewDisposeScope();
        TensorAssertRelative.RelL2(sd["oneblock.Z_corr"], tensor(res.Corrected), 1e-5, 1e-4, "Z_corr");
        TensorAssertRelative.RelL2(sd["oneblock.R"], tensor(res.R), 1e-5, 1e-4, "R");
        TensorAssertRelative.RelL2(sd["oneblock.Y_final"], tensor(res.Centroids), 1e-5, 1e-4, "Y_final");
        TensorAssertRelative.RelL2(sd["oneblock.Y_init"], tensor(res.InitialCentroids), 1e-6, 1e-6, "Y_init");
    }

    // The default run shuffles cells into 20 blocks, so it can only be compared through what Harmony is for:
    // batches mixed as much as the reference mixes them, biological groups kept as separate, the same final objective.
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Default_run_mixes_batches_and_keeps_biology_like_harmonypy(bool fromFixtureCentroids)
    {
        var (x, batch, bio) = Input.Value;
        using var sd = FixtureData.Load("harmony.safetensors");
        var init = fromFixtureCentroids ? FixtureData.Doubles2(sd["default.Y_init"]) : null;
        var res = Harmony.Run(x, batch, FixtureOptions("default"), init);
        var reference = FixtureData.Doubles2(sd["default.Z_corr"]);

        double mixIn = NeighbourAgreement(x, batch), mixRef = NeighbourAgreement(reference, batch), mix = NeighbourAgreement(res.Corrected, batch);
        double bioRef = NeighbourAgreement(reference, bio), bioOut = NeighbourAgreement(res.Corrected, bio);
        Assert.True(mixRef < mixIn - 0.05, $"fixture sanity: harmonypy mixes batches ({mixRef} vs input {mixIn})");
        Assert.True(Math.Abs(mix - mixRef) <= 0.08, $"same-batch neighbour fraction {mix} vs harmonypy {mixRef} (input {mixIn})");
        Assert.True(Math.Abs(bioOut - bioRef) <= 0.08, $"same-group neighbour fraction {bioOut} vs harmonypy {bioRef}");
        var obj = RunArray("default", "objective_harmony", e => e.GetDouble());
        Assert.True(Math.Abs(res.Objective[^1] - obj[^1]) <= 1e-3 * Math.Abs(obj[^1]), $"final objective {res.Objective[^1]} vs {obj[^1]}");
        Assert.True(res.Converged);
    }

    [Fact]
    public void An_embedding_set_is_corrected_by_its_batch_column_as_the_matrix_run_corrects_it()
    {
        var (x, batch, _) = Input.Value;
        int n = x.GetLength(0), d = x.GetLength(1);
        var features = new float[n * d];
        var widened = new double[n, d];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < d; j++) widened[i, j] = features[i * d + j] = (float)x[i, j];
        // Batch levels named so that their ordinal order is the fixture's batch order; one key in Extra, one a field.
        var meta = Enumerable.Range(0, n).Select(i => new SampleMetadata
        {
            Id = $"cell{i}", Plate = $"plate-{batch[i]:D2}", Extra = new Dictionary<string, string> { ["Metadata_Batch"] = $"b{batch[i]:D2}" },
        }).ToArray();
        var set = new EmbeddingSet(features, d, meta);
        var options = FixtureOptions("oneblock");
        var expected = Harmony.Run(widened, batch, options).Corrected;
        foreach (var key in new[] { "plate", "Metadata_Batch" })
        {
            var corrected = Harmony.Run(set, key, options);
            Assert.Same(set.Metadata, corrected.Metadata);
            Assert.Equal(d, corrected.Dim);
            for (int i = 0; i < n; i++)
                for (int j = 0; j < d; j++) Assert.Equal((float)expected[i, j], corrected.Features[i * d + j]);
        }
        Assert.NotEqual(features, Harmony.Run(set, "plate", options).Features);

        var missing = new EmbeddingSet(features, d, meta.Select((m, i) => i == 5 ? m with { Plate = null } : m).ToArray());
        var message = Assert.Throws<ArgumentException>(() => Harmony.Run(missing, "plate", options)).Message;
        Assert.Contains("has no value", message);
        Assert.Contains(meta[5].Id, message); // names the sample
        var onePlate = new EmbeddingSet(features, d, meta.Select(m => m with { Plate = "only" }).ToArray());
        Assert.Contains("at least two classes", Assert.Throws<ArgumentException>(() => Harmony.Run(onePlate, "plate", options)).Message);
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

    [Fact]
    public void Bad_input_is_rejected()
    {
        var (x, batch, _) = Input.Value;
        Assert.Throws<ArgumentException>(() => Harmony.Run(x, batch.Take(10).ToArray()));
        var bad = (double[,])x.Clone();
        bad[3, 2] = double.NaN;
        var ex = Assert.Throws<ArgumentException>(() => Harmony.Run(bad, batch));
        Assert.Contains("[3, 2]", ex.Message);
        Assert.Throws<ArgumentException>(() => Harmony.Run(x, batch, new HarmonyOptions(NumClusters: 8), new double[3, 8]));
        Assert.Throws<ArgumentOutOfRangeException>(() => Harmony.Run(x, batch, new HarmonyOptions(BlockSize: 0)));
        Assert.Throws<ArgumentException>(() => Harmony.Run(new double[5, 2], [0, 0, 1, 1, 1]));
        var zeroMax = (double[,])x.Clone();
        for (int j = 0; j < zeroMax.GetLength(1); j++) zeroMax[7, j] = -Math.Abs(zeroMax[7, j]);
        zeroMax[7, 0] = 0;
        Assert.Contains("Cell 7", Assert.Throws<ArgumentException>(() => Harmony.Run(zeroMax, batch, FixtureOptions("oneblock"))).Message);
    }

    /// <summary>Mean over cells of the fraction of its 15 nearest neighbours (Euclidean) that share its label.</summary>
    private static double NeighbourAgreement(double[,] z, int[] label)
    {
        int n = z.GetLength(0), d = z.GetLength(1);
        const int k = 15;
        double total = 0;
        var dist = new double[n];
        var idx = new int[n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double s = 0;
                for (int c = 0; c < d; c++) { double v = z[i, c] - z[j, c]; s += v * v; }
                dist[j] = j == i ? double.PositiveInfinity : s;
                idx[j] = j;
            }
            Array.Sort((double[])dist.Clone(), idx);
            int same = 0;
            for (int m = 0; m < k; m++) if (label[idx[m]] == label[i]) same++;
            total += (double)same / k;
        }
        return total / n;
    }
}
