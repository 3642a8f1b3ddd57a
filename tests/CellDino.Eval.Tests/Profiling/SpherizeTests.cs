using CellDino.Eval.Profiling;
using CellDino.TestSupport;
using static TorchSharp.torch;

namespace CellDino.Eval.Tests.Profiling;

public class SpherizeTests
{
    private static readonly Lazy<(double[,] X, bool[] Ctrl)> Input = new(() =>
    {
        using var sd = FixtureData.Load("sphere.safetensors");
        return (FixtureData.Doubles2(sd["profiles"]), FixtureData.Ints(sd["is_control"]).Select(v => v == 1).ToArray());
    });

    private static Tensor T(double[,] a) => tensor(a);

    private static Tensor T(double[] a) => tensor(a);

    [Theory]
    [InlineData(SpherizeMethod.Zca, "ZCA", false)]
    [InlineData(SpherizeMethod.ZcaCor, "ZCA_cor", false)]
    [InlineData(SpherizeMethod.Pca, "PCA", true)]
    [InlineData(SpherizeMethod.PcaCor, "PCA_cor", true)]
    [InlineData(SpherizeMethod.ZcaCellDino, "ZCA_celldino", false)]
    public void Fit_on_controls_equals_the_reference(SpherizeMethod method, string key, bool signPerColumn)
    {
        var (x, ctrl) = Input.Value;
        using var sd = FixtureData.Load("sphere.safetensors");
        using var scope = NewDisposeScope();
        using var doc = Fixtures.Json("sphere.json");
        var cfg = doc.RootElement.GetProperty("config");
        double eps = method == SpherizeMethod.ZcaCellDino ? cfg.GetProperty("celldino_lambda").GetDouble() : cfg.GetProperty("epsilon").GetDouble();
        var sph = Spherize.Fit(x, ctrl, method, eps);
        Assert.Equal(eps, sph.Epsilon);
        var output = T(sph.Transform(x));
        var w = T(sph.W);
        TensorAssertRelative.RelL2(sd[key + ".mean"], T(sph.Mean), 1e-5, 1e-5, "mean");
        if (sd.TryGetValue(key + ".std", out var std)) TensorAssertRelative.RelL2(std, T(sph.Std!), 1e-5, 1e-5, "std");
        else Assert.Null(sph.Std);
        if (signPerColumn)
        {
            // SVD sign convention: flip each column to agree with the reference before comparing.
            var sign = (w * sd[key + ".W"].to(ScalarType.Float64)).sum([0]).sign();
            w *= sign;
            output *= sign;
        }
        TensorAssertRelative.RelL2(sd[key + ".W"], w, 1e-5, 1e-4, "W");
        TensorAssertRelative.RelL2(sd[key + ".output"], output, 1e-5, 1e-4, "output");
    }

    [Theory]
    [InlineData(SpherizeMethod.Zca, 1)]
    [InlineData(SpherizeMethod.PcaCor, 1)]
    [InlineData(SpherizeMethod.ZcaCellDino, 0)]
    public void Sphered_controls_have_zero_mean_and_identity_covariance(SpherizeMethod method, int ddof)
    {
        var (x, ctrl) = Input.Value;
        using var scope = NewDisposeScope();
        var y = T(Spherize.FitTransform(x, ctrl, method));
        var idx = tensor(Enumerable.Range(0, ctrl.Length).Where(i => ctrl[i]).Select(i => (long)i).ToArray());
        var c = y.index_select(0, idx);
        Assert.True(c.mean([0]).abs().max().item<double>() < 1e-12);
        var cc = c - c.mean([0], keepdim: true);
        var cov = cc.t().matmul(cc) / (c.shape[0] - ddof);
        Assert.True((cov - eye(c.shape[1], dtype: ScalarType.Float64)).abs().max().item<double>() < 5e-5);
    }

    [Fact]
    public void Two_feature_example_worked_by_hand()
    {
        // Controls (1,0), (-1,0), (0,2), (0,-2): mean 0, population covariance diag(1/2, 2): Cell-DINO W = diag(√2, 1/√2)
        // (lambda 0). pycytominer ZCA: cov (ddof 1) diag(2/3, 8/3): W = diag(√(3/2), √(3/8)).
        double[,] c = { { 1, 0 }, { -1, 0 }, { 0, 2 }, { 0, -2 } };
        var cd = Spherize.Fit(c, SpherizeMethod.ZcaCellDino, 0).W;
        Assert.Equal(Math.Sqrt(2), cd[0, 0], 12);
        Assert.Equal(Math.Sqrt(0.5), cd[1, 1], 12);
        Assert.Equal(0, cd[0, 1], 12);
        var z = Spherize.Fit(c, SpherizeMethod.Zca, 0).W;
        Assert.Equal(Math.Sqrt(1.5), z[0, 0], 12);
        Assert.Equal(Math.Sqrt(3.0 / 8.0), z[1, 1], 12);
        Assert.Equal(0, z[1, 0], 12);
        var y = Spherize.Fit(c, SpherizeMethod.Zca, 0).Transform(new double[,] { { 2, 2 } });
        Assert.Equal(2 * Math.Sqrt(1.5), y[0, 0], 12);
        Assert.Equal(2 * Math.Sqrt(3.0 / 8.0), y[0, 1], 12);
    }

    [Fact]
    public void Too_few_controls_or_bad_values_are_rejected()
    {
        var (x, _) = Input.Value;
        var few = new bool[x.GetLength(0)];
        for (int i = 0; i < 12; i++) few[i] = true; // 12 controls for 12 features: rank 11.
        var ex = Assert.Throws<ArgumentException>(() => Spherize.Fit(x, few, SpherizeMethod.Zca));
        Assert.Contains("13 control rows", ex.Message);
        Spherize.Fit(x, few, SpherizeMethod.ZcaCellDino); // regularized: allowed
        Assert.Throws<ArgumentException>(() => Spherize.Fit(new double[1, 3], SpherizeMethod.ZcaCellDino));
        Assert.Throws<ArgumentException>(() => Spherize.Fit(x, new bool[3]));
        var bad = (double[,])x.Clone();
        bad[Array.IndexOf(Input.Value.Ctrl, true), 3] = double.NaN;
        Assert.Throws<ArgumentException>(() => Spherize.Fit(bad, Input.Value.Ctrl));
        var sph = Spherize.Fit(x, Input.Value.Ctrl);
        Assert.Throws<ArgumentException>(() => sph.Transform(new double[2, 5]));
        Assert.Throws<ArgumentException>(() => sph.Transform(bad));
    }
}
