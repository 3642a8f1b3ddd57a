using CellDino.Eval.Metrics;

namespace CellDino.Eval.Tests.Metrics;

public class ClassificationMetricsTests
{
    private const double Tol = 1e-12;
    private static readonly Lazy<(int[] T, int[] P, System.Text.Json.JsonElement E)> Mc = new(() =>
    {
        using var sd = FixtureData.Load("metrics.safetensors");
        return (FixtureData.Ints(sd["mc.y_true"]), FixtureData.Ints(sd["mc.y_pred"]), FixtureData.Expected("metrics.json"));
    });

    [Theory]
    [InlineData(MetricAverage.Macro, "mc.f1_macro")]
    [InlineData(MetricAverage.Micro, "mc.f1_micro")]
    [InlineData(MetricAverage.Weighted, "mc.f1_weighted")]
    public void F1_equals_sklearn_on_the_fixture(MetricAverage average, string key)
    {
        var (t, p, e) = Mc.Value;
        Assert.Equal(e.Scalar(key), ClassificationMetrics.F1(t, p, average), Tol);
    }

    [Fact]
    public void Per_class_F1_and_accuracy_equal_sklearn()
    {
        var (t, p, e) = Mc.Value;
        var expected = e.Vector("mc.f1_per_class");
        var actual = ClassificationMetrics.F1PerClass(t, p);
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual[i], Tol);
        Assert.Equal(e.Scalar("mc.accuracy"), ClassificationMetrics.Accuracy(t, p), Tol);
        // The never-predicted class is still scored (it occurs in yTrue): F1 0.
        Assert.Equal(0.0, actual[^1]);
    }

    [Fact]
    public void Report_rows_agree_with_the_confusion_matrix_and_f1()
    {
        var (t, p, e) = Mc.Value;
        var report = ClassificationReport.Compute(t, p);
        var cm = ConfusionMatrix.Compute(t, p);
        var f1 = e.Vector("mc.f1_per_class");
        Assert.Equal(cm.Labels, report.Labels);
        Assert.Equal(t.Length, cm.Total);
        for (int i = 0; i < cm.Count; i++)
        {
            var row = report.Rows[i];
            Assert.Equal(cm.Support(i), row.Support);
            Assert.Equal(cm.Predicted(i) == 0 ? 0.0 : (double)cm.TruePositives(i) / cm.Predicted(i), row.Precision, Tol);
            Assert.Equal((double)cm.TruePositives(i) / cm.Support(i), row.Recall, Tol);
            Assert.Equal(f1[i], row.F1, Tol);
        }
        Assert.Equal(e.Scalar("mc.f1_macro"), report.MacroAverage.F1, Tol);
        Assert.Equal(e.Scalar("mc.f1_weighted"), report.WeightedAverage.F1, Tol);
        Assert.Equal(e.Scalar("mc.accuracy"), report.Accuracy, Tol);
        Assert.Contains("weighted avg", report.ToString());
        // The never-predicted class triggers sklearn's precision warning, and nothing else does.
        var never = cm.Labels[^1];
        Assert.Equal(0, cm.Predicted(cm.Count - 1));
        Assert.Single(report.Warnings);
        Assert.Contains($"[{never}]", report.Warnings[0]);
    }

    [Fact]
    public void Two_class_example_worked_by_hand()
    {
        // Confusion [[3, 1], [2, 4]] (rows true 0/1, columns predicted 0/1).
        int[] t = [0, 0, 0, 0, 1, 1, 1, 1, 1, 1];
        int[] p = [0, 0, 0, 1, 0, 0, 1, 1, 1, 1];
        var cm = ConfusionMatrix.Compute(t, p);
        Assert.Equal(new long[,] { { 3, 1 }, { 2, 4 } }, cm.ToArray());
        // class 0: P = 3/5, R = 3/4, F1 = 2/3; class 1: P = 4/5, R = 4/6, F1 = 8/11.
        var f = ClassificationMetrics.F1PerClass(t, p);
        Assert.Equal(2.0 / 3.0, f[0], Tol);
        Assert.Equal(8.0 / 11.0, f[1], Tol);
        Assert.Equal((2.0 / 3.0 + 8.0 / 11.0) / 2, ClassificationMetrics.F1(t, p, MetricAverage.Macro), Tol);
        Assert.Equal((4 * 2.0 / 3.0 + 6 * 8.0 / 11.0) / 10, ClassificationMetrics.F1(t, p, MetricAverage.Weighted), Tol);
        Assert.Equal(0.7, ClassificationMetrics.F1(t, p, MetricAverage.Micro), Tol);
        Assert.Equal(0.7, ClassificationMetrics.Accuracy(t, p), Tol);
        Assert.Equal((3.0 / 5.0 + 4.0 / 5.0) / 2, ClassificationMetrics.Precision(t, p, MetricAverage.Macro), Tol);
        Assert.Equal((3.0 / 4.0 + 4.0 / 6.0) / 2, ClassificationMetrics.Recall(t, p, MetricAverage.Macro), Tol);
    }

    [Fact]
    public void Labels_argument_restricts_the_classes_like_sklearn()
    {
        int[] t = [0, 1, 2, 2];
        int[] p = [0, 2, 2, 1];
        // Only class 2: TP 1, predicted 2, true 2 -> F1 0.5. Class 5 (absent) scores 0.
        Assert.Equal(0.5, ClassificationMetrics.F1(t, p, MetricAverage.Macro, [2]), Tol);
        Assert.Equal(0.25, ClassificationMetrics.F1(t, p, MetricAverage.Macro, [2, 5]), Tol);
        var cm = ConfusionMatrix.Compute(t, p, [1, 2]);
        Assert.Equal(new long[,] { { 0, 1 }, { 1, 1 } }, cm.ToArray());
    }

    [Fact]
    public void Bad_input_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => ClassificationMetrics.F1([0, 1], [0], MetricAverage.Macro));
        Assert.Throws<ArgumentException>(() => ClassificationMetrics.Accuracy([], []));
        Assert.Throws<ArgumentException>(() => ClassificationMetrics.F1([0, 1], [0, 1], MetricAverage.Samples));
        Assert.Throws<ArgumentException>(() => ConfusionMatrix.Compute([0, 1], [1, 1], [1, 1]));
    }
}
