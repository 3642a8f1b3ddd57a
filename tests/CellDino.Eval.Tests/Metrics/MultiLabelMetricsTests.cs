using CellDino.Eval.Metrics;

namespace CellDino.Eval.Tests.Metrics;

public class MultiLabelMetricsTests
{
    private const double Tol = 1e-12;
    private static readonly Lazy<(int[,] T, double[,] Logits, int[,] Pred, System.Text.Json.JsonElement E)> Ml = new(() =>
    {
        using var sd = FixtureData.Load("metrics.safetensors");
        return (FixtureData.Ints2(sd["ml.y_true"]), FixtureData.Doubles2(sd["ml.logits"]), FixtureData.Ints2(sd["ml.pred_at_0.5"]), FixtureData.Expected("metrics.json"));
    });

    [Fact]
    public void Sigmoid_threshold_reproduces_the_fixture_predictions()
    {
        var (_, logits, pred, _) = Ml.Value;
        Assert.Equal(pred, MultiLabelMetrics.Threshold(MultiLabelMetrics.Sigmoid(logits), 0.5));
    }

    [Theory]
    [InlineData(MetricAverage.Macro, "ml.f1_macro_at_0.5")]
    [InlineData(MetricAverage.Micro, "ml.f1_micro_at_0.5")]
    [InlineData(MetricAverage.Samples, "ml.f1_samples_at_0.5")]
    public void F1_at_threshold_equals_sklearn(MetricAverage average, string key)
    {
        var (t, logits, _, e) = Ml.Value;
        Assert.Equal(e.Scalar(key), MultiLabelMetrics.F1AtThreshold(t, MultiLabelMetrics.Sigmoid(logits), average), Tol);
    }

    [Fact]
    public void Per_class_F1_and_exact_match_equal_sklearn()
    {
        var (t, _, pred, e) = Ml.Value;
        var expected = e.Vector("ml.f1_per_class_at_0.5");
        var actual = MultiLabelMetrics.F1PerClass(t, pred);
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual[i], Tol);
        Assert.Equal(expected.Average(), MultiLabelMetrics.F1(t, pred, MetricAverage.Macro), Tol);
        Assert.Equal(e.Scalar("ml.accuracy_exact_match"), MultiLabelMetrics.ExactMatchAccuracy(t, pred), Tol);
    }

    [Fact]
    public void Samples_F1_counts_empty_rows_as_zero()
    {
        // Row 0: true {0}, pred {0, 1}: P 1/2, R 1, F1 2/3. Row 1: nothing true, nothing predicted: 0.
        int[,] t = { { 1, 0, 0 }, { 0, 0, 0 } };
        int[,] p = { { 1, 1, 0 }, { 0, 0, 0 } };
        Assert.Equal(1.0 / 3.0, MultiLabelMetrics.F1(t, p, MetricAverage.Samples), Tol);
        // Macro over all 3 columns: F1 = [1, 0, 0].
        Assert.Equal(1.0 / 3.0, MultiLabelMetrics.F1(t, p, MetricAverage.Macro), Tol);
        Assert.Equal(2.0 / 3.0, MultiLabelMetrics.F1(t, p, MetricAverage.Micro), Tol);
    }

    [Fact]
    public void Macro_F1_over_the_present_columns_leaves_out_a_class_nobody_has()
    {
        // 4 classes; class 3 is neither true nor predicted. Rows: true {0}, {0,1}, {1}; predicted {0}, {0}, {1,2}.
        // class 0: tp 2, pred 2, true 2 -> F1 1; class 1: tp 1, pred 1, true 2 -> P 1, R 1/2, F1 2/3;
        // class 2: tp 0, pred 1, true 0 -> 0 (a false positive is an error); class 3: no samples.
        int[,] t = { { 1, 0, 0, 0 }, { 1, 1, 0, 0 }, { 0, 1, 0, 0 } };
        int[,] p = { { 1, 0, 0, 0 }, { 1, 0, 0, 0 }, { 0, 1, 1, 0 } };
        var present = MultiLabelMetrics.PresentLabels(t, p);
        Assert.Equal([0, 1, 2], present);
        Assert.Equal((1 + 2.0 / 3 + 0) / 3, MultiLabelMetrics.F1(t, p, MetricAverage.Macro, present), Tol);
        Assert.Equal((1 + 2.0 / 3 + 0 + 0) / 4, MultiLabelMetrics.F1(t, p, MetricAverage.Macro), Tol); // every column, as scikit-learn's default
        Assert.Equal([1.0, 2.0 / 3], MultiLabelMetrics.F1PerClass(t, p, [0, 1]));
        // A perfect prediction that uses 2 of 4 classes: 1 over the present classes, 1/2 over all four.
        int[,] perfect = { { 1, 0, 0, 0 }, { 0, 1, 0, 0 } };
        Assert.Equal(1.0, MultiLabelMetrics.F1(perfect, perfect, MetricAverage.Macro, MultiLabelMetrics.PresentLabels(perfect, perfect)), Tol);
        Assert.Equal(0.5, MultiLabelMetrics.F1(perfect, perfect, MetricAverage.Macro), Tol);
        Assert.Throws<ArgumentException>(() => MultiLabelMetrics.F1(t, p, MetricAverage.Macro, [4]));
        Assert.Throws<ArgumentException>(() => MultiLabelMetrics.F1(t, p, MetricAverage.Macro, [1, 1]));
    }

    [Fact]
    public void Bad_input_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => MultiLabelMetrics.F1(new int[2, 3], new int[2, 2], MetricAverage.Macro));
        Assert.Throws<ArgumentException>(() => MultiLabelMetrics.F1(new int[,] { { 2 } }, new int[,] { { 1 } }, MetricAverage.Macro));
        Assert.Throws<ArgumentException>(() => MultiLabelMetrics.Threshold(new double[,] { { double.NaN } }));
    }
}
