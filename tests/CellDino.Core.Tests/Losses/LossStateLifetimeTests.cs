using CellDino.Core.Heads;
using CellDino.Core.Losses;
using CellDino.Core.Training;
using CellDino.TestSupport;
using static TorchSharp.torch;

namespace CellDino.Core.Tests.Losses;

/// <summary>State built or recorded inside a caller's per-step dispose scope must outlive that scope.</summary>
public class LossStateLifetimeTests
{
    [Fact]
    public void Centers_and_pending_updates_survive_the_callers_scopes()
    {
        DinoLoss dino;
        IbotPatchLoss ibot;
        using (NewDisposeScope())
        {
            dino = new DinoLoss(4, centerMomentum: 0.9);
            ibot = new IbotPatchLoss(4, centerMomentum: 0.9);
        }
        using (dino)
        using (ibot)
        {
            using (NewDisposeScope())
            {
                dino.UpdateCenter(ones(3, 4) * 2);
                ibot.UpdateCenter(ones(5, 4) * 3);
            }
            // Next step, another scope: the pending sums are applied now.
            using (NewDisposeScope())
            {
                dino.SoftmaxCenterTeacher(zeros(2, 4), 0.1);
                ibot.SoftmaxCenterTeacher(zeros(2, 4), 0.1);
            }
            TensorAssert.Close(full(new long[] { 1, 4 }, 0.2f), dino.Center, atol: 1e-7, rtol: 0);
            TensorAssert.Close(full(new long[] { 1, 1, 4 }, 0.3f), ibot.Center, atol: 1e-7, rtol: 0);
        }
    }

    [Fact]
    public void Heads_and_the_EMA_built_inside_a_scope_keep_working_after_it()
    {
        DinoHead teacher, student;
        FlatParameters ema;
        var config = new DinoHeadConfig { InDim = 4, HiddenDim = 6, BottleneckDim = 3, OutDim = 5 };
        using (NewDisposeScope())
        {
            teacher = new DinoHead(config, seed: 1);
            student = new DinoHead(config, seed: 2);
            ema = Training.EmaUpdaterTests.Pair(teacher, student);
        }
        using (teacher)
        using (student)
        using (ema)
        {
            using var expected = (teacher.LastLayer.WeightV * 0.5 + student.LastLayer.WeightV * 0.5).detach();
            EmaUpdater.Update(ema, 0.5);
            TensorAssert.Close(expected, teacher.LastLayer.WeightV, atol: 1e-7, rtol: 1e-6);
            using var y = teacher.forward(ones(2, 4));
            Assert.Equal(new long[] { 2, 5 }, y.shape);
        }
    }
}
