using CellDino.Core.Losses;
using CellDino.TestSupport;
using static TorchSharp.torch;

namespace CellDino.Core.Tests.Losses;

public class DinoLossTests
{
    [Fact]
    public void Teacher_targets_center_and_forward_match_the_reference()
    {
        using var f = new LossFixture();
        using var scope = NewDisposeScope();
        var swapped = SslLossCombination.SwapGlobalCrops(f.T["teacher_cls_head"]);
        foreach (var temp in f.TeacherTemps)
        {
            string tag = LossFixture.Tag(temp);
            using var loss = f.NewDinoLoss();
            var centered = loss.SoftmaxCenterTeacher(swapped, temp);
            TensorAssertRelative.RelL2(f.T[$"dino.{tag}.teacher_probs_centering"], centered, what: $"{tag} centering");
            var sinkhorn = loss.SinkhornKnoppTeacher(swapped, temp, f.SinkhornIterations);
            TensorAssertRelative.RelL2(f.T[$"dino.{tag}.teacher_probs_sinkhorn"], sinkhorn, what: $"{tag} sinkhorn");

            foreach (var (mode, probs) in new[] { ("centering", centered), ("sinkhorn", sinkhorn) })
            {
                var perCrop = new[] { probs[..f.B], probs[f.B..] };
                var local = loss.Forward(f.T["student_local_cls_head"].chunk(f.NumLocal), perCrop);
                LossFixture.Scalar(f.Expected[$"dino.{tag}.{mode}.forward_local_raw"], local, $"{tag} {mode} local");
                var global = loss.Forward(new[] { f.T["student_global_cls_head"] }, new[] { probs });
                LossFixture.Scalar(f.Expected[$"dino.{tag}.{mode}.forward_global_raw"], global, $"{tag} {mode} global");
            }
        }
    }

    [Fact]
    public void Center_update_is_lazy_and_matches_the_reference()
    {
        using var f = new LossFixture();
        using var scope = NewDisposeScope();
        using var loss = f.NewDinoLoss();
        var teacher = f.T["teacher_cls_head"];
        loss.UpdateCenter(teacher);
        // Not applied yet: the buffer still holds the old center.
        TensorAssert.Close(f.T["dino.center_before"], loss.Center, atol: 0, rtol: 0);
        // The next centering applies it first.
        var probs = loss.SoftmaxCenterTeacher(teacher, 0.04);
        TensorAssertRelative.RelL2(f.T["dino.center_after"], loss.Center, what: "center_after");
        var expected = nn.functional.softmax((teacher - f.T["dino.center_after"]) / 0.04, -1);
        TensorAssert.Close(expected, probs, atol: 1e-6, rtol: 1e-5);
        // Applied once only.
        loss.ApplyCenterUpdate();
        TensorAssertRelative.RelL2(f.T["dino.center_after"], loss.Center, what: "center applied twice");
    }

    [Fact]
    public void Center_is_a_state_dict_buffer_named_center()
    {
        using var loss = new DinoLoss(7);
        var sd = loss.state_dict();
        Assert.Equal(new[] { "center" }, sd.Keys);
        Assert.Equal(new long[] { 1, 7 }, sd["center"].shape);
        Assert.Empty(loss.parameters());
    }

    [Fact]
    public void Sinkhorn_rows_sum_to_one_and_prototypes_are_balanced()
    {
        using var scope = NewDisposeScope();
        using var loss = new DinoLoss(5);
        var t = rand(40, 5, generator: new Generator(9)) * 2 - 1;
        var q = loss.SinkhornKnoppTeacher(t, 0.1, iterations: 50);
        TensorAssert.Close(ones(40), q.sum(1), atol: 1e-5, rtol: 0);
        // After many rounds each prototype holds n/K of the mass.
        // (sum(0, keepdim: false): a bare literal 0 would bind to the ScalarType overload.)
        TensorAssert.Close(full(new long[] { 5 }, 8f), q.sum(0, keepdim: false), atol: 1e-3, rtol: 0);
    }

    [Fact]
    public void Forward_equals_the_hand_computed_cross_entropy()
    {
        using var scope = NewDisposeScope();
        using var loss = new DinoLoss(3, studentTemp: 0.5);
        var s = tensor(new float[] { 1, 0, -1, 0.5f, 0.5f, 0 }).reshape(2, 3);
        var t = tensor(new float[] { 0.2f, 0.3f, 0.5f, 1, 0, 0 }).reshape(2, 3);
        double expected = 0;
        var sv = s.data<float>().ToArray();
        var tv = t.data<float>().ToArray();
        for (int r = 0; r < 2; r++)
        {
            double z = Enumerable.Range(0, 3).Sum(k => Math.Exp(sv[r * 3 + k] / 0.5));
            double ce = -Enumerable.Range(0, 3).Sum(k => tv[r * 3 + k] * (sv[r * 3 + k] / 0.5 - Math.Log(z)));
            expected += ce / 2;
        }
        // Two student tensors and two teacher tensors: four equal pairs, summed (not averaged).
        var value = loss.Forward(new[] { s, s }, new[] { t, t });
        Assert.Equal(4 * expected, value.item<float>(), 5);
    }

    [Fact]
    public void Bad_shapes_are_rejected()
    {
        using var loss = new DinoLoss(4);
        Assert.Throws<ArgumentException>(() => loss.SoftmaxCenterTeacher(zeros(2, 5), 0.04));
        Assert.Throws<ArgumentException>(() => loss.Forward(new[] { zeros(2, 4) }, new[] { zeros(3, 4) }));
        Assert.Throws<ArgumentOutOfRangeException>(() => loss.SoftmaxCenterTeacher(zeros(2, 4), 0));
    }
}
