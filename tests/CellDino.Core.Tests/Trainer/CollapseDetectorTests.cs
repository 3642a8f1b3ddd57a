using CellDino.Core.Training;
using Xunit;

namespace CellDino.Core.Tests.Trainer;

public sealed class CollapseDetectorTests
{
    private static readonly double LnK = Math.Log(1024);

    private static TrainingHealth Healthy => new()
    {
        TeacherEntropy = 2.0, LogPrototypes = LnK, BatchMeanTeacherEntropy = 3.5, StudentTeacherKl = 0.5, TeacherClsStd = 0.1, EmbedDim = 64,
    };

    [Fact]
    public void AUniformCollapseWarnsOnceWhenItHasLastedThePatience()
    {
        var d = new CollapseDetector(patience: 3, prototypes: 1024, batchSize: 32);
        var uniform = Healthy with { TeacherEntropy = 0.99 * LnK };
        Assert.Null(d.Observe(0, Healthy));
        Assert.Null(d.Observe(1, uniform));
        Assert.Null(d.Observe(2, uniform));
        var w = d.Observe(3, uniform);
        Assert.NotNull(w);
        Assert.Equal(CollapseKind.Uniform, w!.Kind);
        Assert.Equal(1, w.SinceIteration);
        Assert.Equal(3, w.Iteration);
        Assert.Contains("uniform collapse since iteration 1", w.Message);
        Assert.Contains("teacher.teacher_temp", w.Message);
        Assert.Equal([CollapseKind.Uniform], d.Active);
        Assert.Null(d.Observe(4, uniform)); // once per stretch
        Assert.Null(d.Observe(5, Healthy)); // leaving the band re-arms
        Assert.Empty(d.Active);
        Assert.Null(d.Observe(6, uniform));
        Assert.Null(d.Observe(7, uniform));
        Assert.NotNull(d.Observe(8, uniform));
    }

    [Fact]
    public void JustOutsideTheBandNeverWarns()
    {
        var d = new CollapseDetector(patience: 1, prototypes: 1024, batchSize: 32);
        var edge = Healthy with
        {
            TeacherEntropy = 0.94 * LnK,
            BatchMeanTeacherEntropy = 0.94 * LnK + 0.11 * Math.Log(64),
            TeacherClsStd = 0.051 / Math.Sqrt(64),
        };
        for (int i = 0; i < 10; i++) Assert.Null(d.Observe(i, edge));
    }

    [Fact]
    public void OnePrototypeAndRepresentationCollapsesAreNamed()
    {
        var d = new CollapseDetector(patience: 2, prototypes: 1024, batchSize: 32);
        // Every image on one prototype: confident targets, batch-mean entropy near the per-sample one, embeddings identical.
        var onePrototype = Healthy with { TeacherEntropy = 0.01, BatchMeanTeacherEntropy = 0.02, TeacherClsStd = 1e-4 };
        Assert.Null(d.Observe(0, onePrototype));
        var w = d.Observe(1, onePrototype);
        Assert.Equal(CollapseKind.OnePrototype, w!.Kind);
        Assert.Contains("sinkhorn_knopp", w.Message);
        Assert.Contains("every image gets the same target", w.Message);
        Assert.Equal([CollapseKind.OnePrototype], d.Active);
        var second = d.Observe(2, onePrototype); // one warning per step: the other kind in its band follows
        Assert.Equal(CollapseKind.Representation, second!.Kind);
        Assert.Equal([CollapseKind.OnePrototype, CollapseKind.Representation], d.Active);
        Assert.Contains("koleo", string.Join(" ", CollapseDetector.Remedies(CollapseKind.Representation)));
    }

    [Fact]
    public void UniformTargetsAreNamedUniformNotOnePrototype()
    {
        var d = new CollapseDetector(patience: 1, prototypes: 1024, batchSize: 32);
        var w = d.Observe(0, Healthy with { TeacherEntropy = LnK, BatchMeanTeacherEntropy = LnK });
        Assert.Equal(CollapseKind.Uniform, w!.Kind);
        Assert.Equal([CollapseKind.Uniform], d.Active);
        Assert.Null(d.Observe(1, Healthy with { TeacherEntropy = LnK, BatchMeanTeacherEntropy = LnK }));
    }

    [Fact]
    public void BadArgumentsAreRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new CollapseDetector(0, 1024, 32));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CollapseDetector(5, 1, 32));
    }
}
