using CellDino.Eval.Visualization;
using Xunit;

namespace CellDino.Eval.Tests.Visualization;

public sealed class PcaTests
{
    // Hand-worked: (±a, ±a) and ±(b, -b) with a = 1.5, b² = 0.75 have mean 0 and sample covariance
    // (divisor 3) [[2(a²+b²)/3, 2(a²-b²)/3], ...] = [[2, 1], [1, 2]]: eigenvalues 3 and 1 along (1, 1)/√2 and (1, -1)/√2.
    private static readonly float B = MathF.Sqrt(0.75f);
    private static readonly float[,] Example = { { 1.5f, 1.5f }, { -1.5f, -1.5f }, { B, -B }, { -B, B } };

    [Fact]
    public void RecoversTheHandWorkedCovarianceEigenpairs()
    {
        var pca = Pca.Fit(Example, 2);
        Assert.Equal(3, pca.ExplainedVariance[0], 5);
        Assert.Equal(1, pca.ExplainedVariance[1], 5);
        double r = Math.Sqrt(0.5);
        // Sign convention: the largest-magnitude entry is positive (the first one on a tie).
        Assert.Equal(r, pca.Components[0, 0], 6); Assert.Equal(r, pca.Components[0, 1], 6);
        Assert.Equal(r, pca.Components[1, 0], 6); Assert.Equal(-r, pca.Components[1, 1], 6);
        Assert.Equal(0, pca.Mean[0], 6); Assert.Equal(0, pca.Mean[1], 6);
        var y = pca.Transform(new float[,] { { 1.5f, 1.5f }, { 1, 0 } });
        Assert.Equal(1.5 * Math.Sqrt(2), y[0, 0], 5);
        Assert.Equal(0, y[0, 1], 5);
        Assert.Equal(r, y[1, 0], 5); Assert.Equal(r, y[1, 1], 5);
    }

    [Fact]
    public void KnownAxisAlignedCovarianceWithOffsetMeanAndFlippedSign()
    {
        // Variances 9, 4, 1 along axes z, x, y around mean (5, -2, 1); ±(3, 2, 1)-scaled sign patterns, 8 points.
        var rows = new List<float[]>();
        foreach (var sx in new[] { -1, 1 })
            foreach (var sy in new[] { -1, 1 })
                foreach (var sz in new[] { -1, 1 })
                    rows.Add([5 + 2 * sx * MathF.Sqrt(7f / 8), -2 + sy * MathF.Sqrt(7f / 8), 1 + 3 * sz * MathF.Sqrt(7f / 8)]);
        var x = new float[8, 3];
        for (int i = 0; i < 8; i++) for (int j = 0; j < 3; j++) x[i, j] = rows[i][j];
        var pca = Pca.Fit(x, 3);
        Assert.Equal(new[] { 9.0, 4.0, 1.0 }, pca.ExplainedVariance.Select(v => Math.Round(v, 4)));
        Assert.Equal(1, pca.Components[0, 2], 6);
        Assert.Equal(1, pca.Components[1, 0], 6);
        Assert.Equal(1, pca.Components[2, 1], 6);
        Assert.Equal(new[] { 5.0, -2.0, 1.0 }, pca.Mean.Select(v => Math.Round(v, 5)));
    }

    [Fact]
    public void RankDeficientDataGivesZeroTrailingVarianceAndOrthonormalComponents()
    {
        var x = new float[6, 4];
        for (int i = 0; i < 6; i++) { x[i, 0] = i; x[i, 1] = 2 * i; }
        var pca = Pca.Fit(x, 3);
        Assert.True(pca.ExplainedVariance[0] > 1);
        Assert.True(pca.ExplainedVariance[1] < 1e-9 && pca.ExplainedVariance[2] < 1e-9);
        for (int a = 0; a < 3; a++)
            for (int b = 0; b < 3; b++)
            {
                double dot = 0;
                for (int j = 0; j < 4; j++) dot += pca.Components[a, j] * pca.Components[b, j];
                Assert.Equal(a == b ? 1 : 0, dot, 6);
            }
        Assert.Equal(2 / Math.Sqrt(5), pca.Components[0, 1], 6);
    }

    [Fact]
    public void BadInputThrows()
    {
        Assert.Throws<ArgumentException>(() => Pca.Fit(new float[,] { { 1, float.NaN }, { 0, 1 } }, 1));
        Assert.Throws<ArgumentException>(() => Pca.Fit(new float[1, 3], 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Pca.Fit(Example, 3));
        Assert.Throws<ArgumentException>(() => Pca.Fit(Example, 1).Transform(new float[2, 3]));
    }
}
