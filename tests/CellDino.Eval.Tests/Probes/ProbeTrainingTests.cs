using CellDino.Eval.Probes;

namespace CellDino.Eval.Tests.Probes;

public class ProbeTrainingTests
{
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
