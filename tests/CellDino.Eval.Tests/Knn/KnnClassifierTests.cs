using CellDino.Eval.Knn;
using CellDino.Eval.Metrics;
using CellDino.TestSupport;
using static TorchSharp.torch;

namespace CellDino.Eval.Tests.Knn;

public class KnnClassifierTests
{
    private sealed record Data(float[,] TrainX, int[] TrainY, float[,] TestX, int[] TestY, Dictionary<string, float[,]> Ref, int[,] TopK,
        Dictionary<int, int[]> Pred, int[] Ks, double T, int Classes);

    private static readonly Lazy<Data> Fx = new(() =>
    {
        using var doc = Fixtures.Json("metrics.json");
        var cfg = doc.RootElement.GetProperty("config");
        var ks = cfg.GetProperty("knn").GetProperty("ks").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        using var sd = FixtureData.Load("metrics.safetensors");
        var r = new Dictionary<string, float[,]> { ["knn.topk_sims"] = FixtureData.Floats2(sd["knn.topk_sims"]) };
        var pred = new Dictionary<int, int[]>();
        foreach (var k in ks)
        {
            r[$"knn.probas_k{k}"] = FixtureData.Floats2(sd[$"knn.probas_k{k}"]);
            r[$"knn.votes_exp_k{k}"] = FixtureData.Floats2(sd[$"knn.votes_exp_k{k}"]);
            pred[k] = FixtureData.Ints(sd[$"knn.pred_k{k}"]);
        }
        return new Data(FixtureData.Floats2(sd["knn.train_x"]), FixtureData.Ints(sd["knn.train_y"]), FixtureData.Floats2(sd["knn.test_x"]),
            FixtureData.Ints(sd["knn.test_y"]), r, FixtureData.Ints2(sd["knn.topk_indices"]), pred, ks,
            cfg.GetProperty("knn").GetProperty("T").GetDouble(), cfg.GetProperty("n_classes").GetInt32());
    });

    private static void Close(float[,] expected, float[,] actual, double rtol, string what)
    {
        using var scope = NewDisposeScope();
        TensorAssert.Close(tensor(expected), tensor(actual), atol: 1e-6, rtol: rtol, what: what);
    }

    [Fact]
    public void Neighbours_equal_DINOv2_topk_exactly()
    {
        var d = Fx.Value;
        using var knn = new KnnClassifier(Embeddings.Of(d.TrainX), d.TrainY, d.Classes, new KnnOptions(d.T));
        var nb = knn.Neighbors(Embeddings.Of(d.TestX), d.Ks.Max());
        Assert.Equal(d.TopK, nb.Indices);
        Close(d.Ref["knn.topk_sims"], nb.Similarities, 1e-5, "topk_sims");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(1024)]
    public void Probabilities_and_predictions_equal_KnnModule_for_any_chunk_size(int chunk)
    {
        var d = Fx.Value;
        using var knn = new KnnClassifier(Embeddings.Of(d.TrainX), d.TrainY, d.Classes, new KnnOptions(d.T, QueryChunkSize: chunk));
        var res = knn.Predict(Embeddings.Of(d.TestX), d.Ks);
        var e = FixtureData.Expected("metrics.json");
        for (int i = 0; i < d.Ks.Length; i++)
        {
            int k = d.Ks[i];
            Assert.Equal(k, res[i].K);
            Close(d.Ref[$"knn.probas_k{k}"], res[i].Scores, 1e-5, $"probas_k{k}");
            Assert.Equal(d.Pred[k], res[i].Predictions);
            Assert.Equal(e.Scalar($"knn.k{k}.accuracy"), ClassificationMetrics.Accuracy(d.TestY, res[i].Predictions), 12);
            Assert.Equal(e.Scalar($"knn.k{k}.f1_macro"), ClassificationMetrics.F1(d.TestY, res[i].Predictions, MetricAverage.Macro), 12);
        }
    }

    [Fact]
    public void Exp_votes_equal_DINO_v1_votes_with_the_same_argmax()
    {
        var d = Fx.Value;
        using var knn = new KnnClassifier(Embeddings.Of(d.TrainX), d.TrainY, d.Classes, new KnnOptions(d.T, Weighting: KnnWeighting.Exp));
        var res = knn.Predict(Embeddings.Of(d.TestX), d.Ks);
        for (int i = 0; i < d.Ks.Length; i++)
        {
            int k = d.Ks[i];
            Close(d.Ref[$"knn.votes_exp_k{k}"], res[i].Scores, 1e-5, $"votes_exp_k{k}");
            Assert.Equal(d.Pred[k], res[i].Predictions);
        }
    }

    [Fact]
    public void Small_example_worked_by_hand()
    {
        // Train directions: 0°, 90°, 180° (scale must not matter); query at 30°.
        float[,] train = { { 2, 0 }, { 0, 5 }, { -1, 0 } };
        int[] y = [0, 1, 2];
        float[,] q = { { (float)Math.Cos(Math.PI / 6), (float)Math.Sin(Math.PI / 6) } };
        using var knn = new KnnClassifier(Embeddings.Of(train), y, 3);
        var k1 = knn.Predict(Embeddings.Of(q));
        Assert.Equal(0, k1.Predictions[0]);
        Assert.Equal(1f, k1.Scores[0, 0], 6);
        var k2 = knn.Predict(Embeddings.Of(q), 2);
        // sims cos30 = 0.8660, cos60 = 0.5: weights softmax([0.8660, 0.5] / 0.07).
        double a = Math.Exp(Math.Cos(Math.PI / 6) / 0.07), b = Math.Exp(0.5 / 0.07);
        Assert.Equal(a / (a + b), k2.Scores[0, 0], 5);
        Assert.Equal(b / (a + b), k2.Scores[0, 1], 5);
        Assert.Equal(0f, k2.Scores[0, 2]);
    }

    [Fact]
    public void Bad_input_is_rejected()
    {
        float[,] train = { { 1, 0 }, { 0, 1 } };
        Assert.Throws<ArgumentException>(() => new KnnClassifier(Embeddings.Of(train), [0], 2));
        Assert.Throws<ArgumentException>(() => new KnnClassifier(Embeddings.Of(train), [0, 2], 2));
        Assert.Throws<ArgumentException>(() => new KnnClassifier(Embeddings.Of(new float[,] { { 1, float.NaN } }), [0], 2));
        using var knn = new KnnClassifier(Embeddings.Of(train), [0, 1], 2);
        Assert.Throws<ArgumentException>(() => knn.Predict(Embeddings.Of(new float[,] { { 1, 0, 0 } })));
        Assert.Throws<ArgumentOutOfRangeException>(() => knn.Predict(Embeddings.Of(new float[,] { { 1, 0 } }), 3));
        Assert.Throws<ArgumentException>(() => knn.Predict(Embeddings.Of(new float[,] { { 1, 0 } }), Array.Empty<int>()));
        Assert.Throws<ArgumentException>(() => knn.Predict(Embeddings.Of(new float[,] { { float.NaN, 0 } })));
    }
}
