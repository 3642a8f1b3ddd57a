using CellDino.Eval.Knn;
using CellDino.Eval.Metrics;
using CellDino.TestSupport;
using static TorchSharp.torch;

namespace CellDino.Eval.Tests.Knn;

public class KnnClassifierTests
{
    private sealed record Data(float[,] TrainX, int[] TrainY, float[,] TestX, int[] TestY, Dictionary<string, float[,]> Ref, int[,] TopK, int[] Pred10, int[] Pred20);

    private static readonly Lazy<Data> Fx = new(() =>
    {
        using var sd = FixtureData.Load("metrics.safetensors");
        var r = new Dictionary<string, float[,]>();
        foreach (var k in new[] { "knn.probas_k10", "knn.probas_k20", "knn.votes_exp_k10", "knn.votes_exp_k20", "knn.topk_sims" })
            r[k] = FixtureData.Floats2(sd[k]);
        return new Data(FixtureData.Floats2(sd["knn.train_x"]), FixtureData.Ints(sd["knn.train_y"]), FixtureData.Floats2(sd["knn.test_x"]),
            FixtureData.Ints(sd["knn.test_y"]), r, FixtureData.Ints2(sd["knn.topk_indices"]), FixtureData.Ints(sd["knn.pred_k10"]), FixtureData.Ints(sd["knn.pred_k20"]));
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
        using var knn = new KnnClassifier(d.TrainX, d.TrainY, 7);
        var nb = knn.Neighbors(d.TestX, 20);
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
        using var knn = new KnnClassifier(d.TrainX, d.TrainY, 7, new KnnOptions(QueryChunkSize: chunk));
        var res = knn.Predict(d.TestX, [10, 20]);
        Close(d.Ref["knn.probas_k10"], res[0].Scores, 1e-5, "probas_k10");
        Close(d.Ref["knn.probas_k20"], res[1].Scores, 1e-5, "probas_k20");
        Assert.Equal(d.Pred10, res[0].Predictions);
        Assert.Equal(d.Pred20, res[1].Predictions);
        var e = FixtureData.Expected("metrics.json");
        Assert.Equal(e.Scalar("knn.k10.accuracy"), ClassificationMetrics.Accuracy(d.TestY, res[0].Predictions), 12);
        Assert.Equal(e.Scalar("knn.k20.accuracy"), ClassificationMetrics.Accuracy(d.TestY, res[1].Predictions), 12);
        Assert.Equal(e.Scalar("knn.k10.f1_macro"), ClassificationMetrics.F1(d.TestY, res[0].Predictions, MetricAverage.Macro), 12);
        Assert.Equal(e.Scalar("knn.k20.f1_macro"), ClassificationMetrics.F1(d.TestY, res[1].Predictions, MetricAverage.Macro), 12);
    }

    [Fact]
    public void Exp_votes_equal_DINO_v1_votes_with_the_same_argmax()
    {
        var d = Fx.Value;
        using var knn = new KnnClassifier(d.TrainX, d.TrainY, 7, new KnnOptions(Weighting: KnnWeighting.Exp));
        var res = knn.Predict(d.TestX, [10, 20]);
        Close(d.Ref["knn.votes_exp_k10"], res[0].Scores, 1e-5, "votes_exp_k10");
        Close(d.Ref["knn.votes_exp_k20"], res[1].Scores, 1e-5, "votes_exp_k20");
        Assert.Equal(d.Pred10, res[0].Predictions);
        Assert.Equal(d.Pred20, res[1].Predictions);
    }

    [Fact]
    public void Small_example_worked_by_hand()
    {
        // Train directions: 0°, 90°, 180° (scale must not matter); query at 30°.
        float[,] train = { { 2, 0 }, { 0, 5 }, { -1, 0 } };
        int[] y = [0, 1, 2];
        float[,] q = { { (float)Math.Cos(Math.PI / 6), (float)Math.Sin(Math.PI / 6) } };
        using var knn = new KnnClassifier(train, y, 3);
        var k1 = knn.Predict(q);
        Assert.Equal(0, k1.Predictions[0]);
        Assert.Equal(1f, k1.Scores[0, 0], 6);
        var k2 = knn.Predict(q, 2);
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
        Assert.Throws<ArgumentException>(() => new KnnClassifier(train, [0], 2));
        Assert.Throws<ArgumentException>(() => new KnnClassifier(train, [0, 2], 2));
        Assert.Throws<ArgumentException>(() => new KnnClassifier(new float[,] { { 1, float.NaN } }, [0], 2));
        using var knn = new KnnClassifier(train, [0, 1], 2);
        Assert.Throws<ArgumentException>(() => knn.Predict(new float[,] { { 1, 0, 0 } }));
        Assert.Throws<ArgumentOutOfRangeException>(() => knn.Predict(new float[,] { { 1, 0 } }, 3));
        Assert.Throws<ArgumentException>(() => knn.Predict(new float[,] { { 1, 0 } }, Array.Empty<int>()));
        Assert.Throws<ArgumentException>(() => knn.Predict(new float[,] { { float.NaN, 0 } }));
    }
}
