using CellDino.Eval.Probes;
using TorchSharp;
using static TorchSharp.torch;

namespace CellDino.Eval.Tests.Probes;

public class BatchedAdamWTests
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
        using var opt = new BatchedAdamW(new[] { p });
        using var lr = tensor(rows.Select(r => (float)r.lr).ToArray(), new long[] { rows.Length, 1 });
        using var wd = tensor(rows.Select(r => (float)r.wd).ToArray(), new long[] { rows.Length, 1 });
        for (int s = 0; s < 25; s++)
        {
            using var scope = NewDisposeScope();
            opt.ZeroGrad();
            Enumerable.Range(0, rows.Length).Select(k => Loss(p[k])).Aggregate((a, b) => a + b).backward();
            opt.Step(new[] { lr }, new[] { wd });
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
        using var opt = new BatchedAdamW(new[] { p });
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
    public void CosineScheduleMatchesTheClosedForm()
    {
        Assert.Equal(1.0, ProbeTraining.Cosine(1, 0, 0, 10), 12);
        Assert.Equal(0.5, ProbeTraining.Cosine(1, 0, 5, 10), 12);
        Assert.Equal((1 + Math.Cos(Math.PI * 0.3)) / 2, ProbeTraining.Cosine(1, 0, 3, 10), 12);
        // Rising schedule (weight decay 0.04 → 0.4).
        Assert.Equal(0.04, ProbeTraining.Cosine(0.04, 0.4, 0, 100), 12);
        Assert.Equal(0.22, ProbeTraining.Cosine(0.04, 0.4, 50, 100), 12);
    }

    [Fact]
    public void BatchesCoverEveryRowOncePerEpochInASeededOrder()
    {
        var a = ProbeTraining.Batches(10, 4, 3, seed: 1).ToArray();
        Assert.Equal(9, a.Length);
        Assert.Equal(new[] { 4, 4, 2 }, a.Take(3).Select(b => b.Length));
        for (int e = 0; e < 3; e++)
            Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)i), a.Skip(3 * e).Take(3).SelectMany(b => b).Order());
        Assert.Equal(a.SelectMany(b => b), ProbeTraining.Batches(10, 4, 3, seed: 1).SelectMany(b => b));
        Assert.NotEqual(a.SelectMany(b => b), ProbeTraining.Batches(10, 4, 3, seed: 2).SelectMany(b => b));
        Assert.Equal(9, ProbeTraining.TotalSteps(10, 4, 3));
    }
}
