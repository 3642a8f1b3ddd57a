using CellDino.Eval.Metrics;

namespace CellDino.Eval.Tests.Metrics;

public class AveragePrecisionTests
{
    private const double Tol = 1e-12;

    [Fact]
    public void Four_element_example_worked_by_hand()
    {
        // Descending: 0.8 (+), 0.4 (-), 0.35 (+), 0.1 (-): AP = 0.5·1 + 0.5·(2/3) = 5/6.
        Assert.Equal(5.0 / 6.0, AveragePrecision.Binary([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]), Tol);
    }

    [Fact]
    public void Tied_scores_form_one_threshold()
    {
        // 0.9 (-); tie at 0.5 (+, -) -> P 1/3, R 1/2; 0.2 (+) -> P 1/2, R 1. AP = 1/6 + 1/4.
        Assert.Equal(5.0 / 12.0, AveragePrecision.Binary([1, 0, 1, 0], [0.5, 0.5, 0.2, 0.9]), Tol);
        // All scores tied: one threshold, AP = prevalence.
        Assert.Equal(0.4, AveragePrecision.Binary([1, 0, 1, 0, 0], [1, 1, 1, 1, 1]), Tol);
    }

    [Fact]
    public void No_positive_sample_scores_zero()
    {
        Assert.Equal(0.0, AveragePrecision.Binary([0, 0, 0], [0.2, 0.1, 0.3]));
    }

    [Theory]
    [InlineData("mc.scores", MetricAverage.Macro, "mc.ap_macro_ovr")]
    [InlineData("mc.scores", MetricAverage.Micro, "mc.ap_micro_ovr")]
    [InlineData("mc.scores_tied", MetricAverage.Macro, "mc.ap_macro_ovr_tied")]
    [InlineData("mc.scores_tied", MetricAverage.Micro, "mc.ap_micro_ovr_tied")]
    public void One_vs_rest_AP_equals_sklearn(string scoresKey, MetricAverage average, string key)
    {
        using var sd = FixtureData.Load("metrics.safetensors");
        var e = FixtureData.Expected("metrics.json");
        var t = FixtureData.Ints(sd["mc.y_true"]);
        var s = FixtureData.Doubles2(sd[scoresKey]);
        Assert.Equal(e.Scalar(key), AveragePrecision.OneVsRest(t, s, average), Tol);
    }

    [Fact]
    public void Per_class_one_vs_rest_AP_equals_sklearn()
    {
        using var sd = FixtureData.Load("metrics.safetensors");
        var e = FixtureData.Expected("metrics.json").Vector("mc.ap_per_class_ovr");
        var ap = AveragePrecision.OneVsRestPerClass(FixtureData.Ints(sd["mc.y_true"]), FixtureData.Doubles2(sd["mc.scores"]));
        Assert.Equal(e.Length, ap.Length);
        for (int i = 0; i < e.Length; i++) Assert.Equal(e[i], ap[i], Tol);
    }

    [Theory]
    [InlineData(MetricAverage.Macro, "ml.ap_macro")]
    [InlineData(MetricAverage.Micro, "ml.ap_micro")]
    public void Multi_label_AP_equals_sklearn(MetricAverage average, string key)
    {
        using var sd = FixtureData.Load("metrics.safetensors");
        var e = FixtureData.Expected("metrics.json");
        var scores = MultiLabelMetrics.Sigmoid(FixtureData.Doubles2(sd["ml.logits"]));
        Assert.Equal(e.Scalar(key), AveragePrecision.MultiLabel(FixtureData.Ints2(sd["ml.y_true"]), scores, average), Tol);
    }

    [Fact]
    public void Weighted_and_samples_averages_follow_their_definitions()
    {
        int[,] t = { { 1, 0 }, { 0, 1 }, { 1, 1 } };
        double[,] s = { { 0.9, 0.2 }, { 0.3, 0.8 }, { 0.1, 0.4 } };
        var per = AveragePrecision.MultiLabelPerClass(t, s);
        // Column 0: 0.9 (+), 0.3 (-), 0.1 (+): AP = 1/2 + 1/2·2/3 = 5/6. Column 1: 0.8 (+), 0.4 (+), 0.2 (-): AP 1.
        Assert.Equal(5.0 / 6.0, per[0], Tol);
        Assert.Equal(1.0, per[1], Tol);
        Assert.Equal((2 * 5.0 / 6.0 + 2 * 1.0) / 4, AveragePrecision.MultiLabel(t, s, MetricAverage.Weighted), Tol);
        // Rows: [1: 0.9 > 0.2 -> 1], [1: 0.8 > 0.3 -> 1], [both positive -> 1].
        Assert.Equal(1.0, AveragePrecision.MultiLabel(t, s, MetricAverage.Samples), Tol);
    }

    [Fact]
    public void Bad_input_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => AveragePrecision.Binary([0, 1], [0.5]));
        Assert.Throws<ArgumentException>(() => AveragePrecision.Binary([0, 1], [0.5, double.NaN]));
        Assert.Throws<ArgumentException>(() => AveragePrecision.Binary([0, 2], [0.5, 0.1]));
        Assert.Throws<ArgumentException>(() => AveragePrecision.OneVsRest([0, 3], new double[2, 3], MetricAverage.Macro));
    }
}
