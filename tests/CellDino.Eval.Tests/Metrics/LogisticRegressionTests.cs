using CellDino.Eval.Metrics;
using CellDino.TestSupport;
using static TorchSharp.torch;

namespace CellDino.Eval.Tests.Metrics;

public class LogisticRegressionTests
{
    [Fact]
    public void Fit_reaches_the_sklearn_optimum_on_the_fixture()
    {
        using var sd = FixtureData.Load("metrics.safetensors");
        var e = FixtureData.Expected("metrics.json");
        using var doc = Fixtures.Json("metrics.json");
        double c = doc.RootElement.GetProperty("config").GetProperty("logreg_C").GetDouble();
        int classes = doc.RootElement.GetProperty("config").GetProperty("n_classes").GetInt32();
        var model = LogisticRegression.Fit(FixtureData.Doubles2(sd["knn.train_x"]), FixtureData.Ints(sd["knn.train_y"]), classes, c);
        Assert.True(model.MaxAbsGradient < 1e-6, $"gradient {model.MaxAbsGradient}");
        // Newton converges quadratically: the relative stop ends it within a few iterations of reaching the optimum.
        Assert.True(model.Converged);
        Assert.InRange(model.Iterations, 1, 15);
        var early = LogisticRegression.Fit(FixtureData.Doubles2(sd["knn.train_x"]), FixtureData.Ints(sd["knn.train_y"]), classes, c, maxIter: 1);
        Assert.False(early.Converged); // one Newton step is not the optimum, and the fit says so
        var testX = FixtureData.Doubles2(sd["knn.test_x"]);
        using var scope = NewDisposeScope();
        TensorAssert.Close(sd["logreg.test_proba"], tensor(model.PredictProba(testX)), atol: 1e-4, rtol: 0, what: "test_proba");
        TensorAssertRelative.RelL2(sd["logreg.coef"], tensor(model.Coef), 1e-4, 1e-4, "coef");
        // Intercepts are unique only up to a common shift: compare centered.
        var refB = sd["logreg.intercept"].to(ScalarType.Float64);
        TensorAssert.Close(refB - refB.mean(), tensor(model.Intercept), atol: 1e-4, rtol: 1e-4, what: "intercept");
        Assert.Equal(e.Scalar("logreg.test_accuracy"), ClassificationMetrics.Accuracy(FixtureData.Ints(sd["knn.test_y"]), model.Predict(testX)), 12);
    }

    [Fact]
    public void Two_point_problem_has_the_closed_form_optimum()
    {
        // x = ±1, labels 1/0, C = 1: by symmetry b = 0 and w1 = −w0 = u; objective 2·log(1 + e^(−2u)) + u²,
        // stationary at u = 2·σ(−2u); with t = w1 − w0 = 2u: t·(1 + e^t) = 4.
        var m = LogisticRegression.Fit(new double[,] { { 1 }, { -1 } }, [1, 0], 2, 1.0);
        double t = m.Coef[1, 0] - m.Coef[0, 0];
        Assert.Equal(4.0, t * (1 + Math.Exp(t)), 8);
        Assert.Equal(-m.Coef[0, 0], m.Coef[1, 0], 10);
        Assert.Equal(0.0, m.Intercept[0], 10);
        Assert.True(m.Converged);
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(1e4)] // weakly regularized: the optimum is far out along the separating direction
    public void Separable_data_converges_in_few_iterations_or_says_it_did_not(double c)
    {
        // Three well-separated clusters: every class is linearly separable from the others.
        var rng = new Random(3);
        int n = 300;
        var x = new double[n, 4];
        var y = new int[n];
        for (int i = 0; i < n; i++)
        {
            y[i] = i % 3;
            for (int j = 0; j < 4; j++) x[i, j] = (j == y[i] ? 8.0 : 0.0) + rng.NextDouble() - 0.5;
        }
        var m = LogisticRegression.Fit(x, y, 3, c);
        Assert.True(m.Converged, $"not converged after {m.Iterations} iterations, gradient {m.MaxAbsGradient}");
        Assert.InRange(m.Iterations, 1, 40); // the relative stop ends it, not the iteration cap of 100
        Assert.Equal(1.0, ClassificationMetrics.Accuracy(y, m.Predict(x)));
        var capped = LogisticRegression.Fit(x, y, 3, c, maxIter: 2);
        Assert.False(capped.Converged);
        Assert.Equal(2, capped.Iterations);
    }

    [Fact]
    public void Bad_input_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => LogisticRegression.Fit(new double[2, 1], [0], 2));
        Assert.Throws<ArgumentException>(() => LogisticRegression.Fit(new double[2, 1], [0, 2], 2));
        Assert.Throws<ArgumentException>(() => LogisticRegression.Fit(new double[,] { { double.NaN } }, [0], 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => LogisticRegression.Fit(new double[2, 1], [0, 1], 2, 0));
    }
}
