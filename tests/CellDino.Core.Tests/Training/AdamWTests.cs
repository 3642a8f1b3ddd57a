using CellDino.Core.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace CellDino.Core.Tests.Training;

public class AdamWTests
{
    private static readonly float[] Start = { 0.3f, -1.2f, 2.0f, 0.0f, 0.7f };
    private static readonly float[] Goal = { 1.0f, 1.0f, -1.0f, 0.5f, 0.0f };
    private static readonly float[] Curvature = { 1f, 3f, 0.5f, 10f, 2f };

    private static Tensor Loss(Tensor p) =>
        (p - tensor(Goal)).pow(2).mul(tensor(Curvature)).sum() + p.pow(3).sum() * 0.1;

    // TorchSharp's own AdamW, one parameter, constant lr and weight decay: the reference.
    private static float[] Reference(double lr, double wd, int steps)
    {
        var p = new TorchSharp.Modules.Parameter(tensor(Start));
        var opt = optim.AdamW(new[] { p }, lr: lr, weight_decay: wd);
        for (int s = 0; s < steps; s++)
        {
            using var scope = NewDisposeScope();
            opt.zero_grad();
            Loss(p).backward();
            opt.step();
        }
        return p.detach().data<float>().ToArray();
    }

    [Fact]
    public void StackedRowsWithTheirOwnRateAndDecayMatchTorchAdamWRunSeparately()
    {
        (double lr, double wd)[] rows = { (0.05, 0.1), (0.2, 0.0), (0.01, 2.0) };
        using var p = tensor(Enumerable.Repeat(Start, rows.Length).SelectMany(r => r).ToArray(), new long[] { rows.Length, 5 }).requires_grad_(true);
        using var opt = new AdamW(new[] { p });
        using var lr = tensor(rows.Select(r => (float)r.lr).ToArray(), new long[] { rows.Length, 1 });
        using var wd = tensor(rows.Select(r => (float)r.wd).ToArray(), new long[] { rows.Length, 1 });
        for (int s = 0; s < 25; s++)
        {
            using var scope = NewDisposeScope();
            opt.ZeroGrad();
            Enumerable.Range(0, rows.Length).Select(k => Loss(p[k])).Aggregate((a, b) => a + b).backward();
            opt.UpdateMoments();
            opt.Apply(0, lr, wd);
        }
        for (int k = 0; k < rows.Length; k++)
        {
            var expected = Reference(rows[k].lr, rows[k].wd, 25);
            var actual = p[k].detach().data<float>().ToArray();
            for (int i = 0; i < 5; i++) Assert.Equal(expected[i], actual[i], 1e-5f);
        }
    }

    [Fact]
    public void ScalarStepMatchesTorchAdamW()
    {
        using var p = tensor(Start).requires_grad_(true);
        using var opt = new AdamW(new[] { p });
        for (int s = 0; s < 25; s++)
        {
            using var scope = NewDisposeScope();
            opt.ZeroGrad();
            Loss(p).backward();
            opt.Step(0.03, 0.04);
        }
        var expected = Reference(0.03, 0.04, 25);
        var actual = p.detach().data<float>().ToArray();
        for (int i = 0; i < 5; i++) Assert.Equal(expected[i], actual[i], 1e-5f);
        // It moved: the comparison is not between two untouched copies of the start.
        Assert.True(Math.Abs(actual[0] - Start[0]) > 0.1);
    }

    [Fact]
    public void RangesOfAFlatBufferStepLikeSeparateParametersWithTheirOwnRates()
    {
        // The trainer's use: one flat buffer whose parameter groups are ranges with their own lr and weight decay.
        using var scope = NewDisposeScope();
        using var flat = tensor(Start.Concat(Start).ToArray()).requires_grad_(true);
        using var opt = new AdamW(new[] { flat });
        for (int s = 0; s < 25; s++)
        {
            using var step = NewDisposeScope();
            opt.ZeroGrad();
            (Loss(flat.narrow(0, 0, 5)) + Loss(flat.narrow(0, 5, 5))).backward();
            opt.UpdateMoments();
            opt.Apply(0, 0.05, 0.1, 0, 5);
            opt.Apply(0, 0.2, 0.0, 5, 5);
        }
        var actual = flat.detach().data<float>().ToArray();
        var first = Reference(0.05, 0.1, 25);
        var second = Reference(0.2, 0.0, 25);
        for (int i = 0; i < 5; i++)
        {
            Assert.Equal(first[i], actual[i], 1e-5f);
            Assert.Equal(second[i], actual[5 + i], 1e-5f);
        }
        Assert.Equal(25, opt.StepCount);
        Assert.Throws<InvalidOperationException>(() => new AdamW(new[] { zeros(2).requires_grad_(true) }).Apply(0, 0.1, 0));
    }
}
