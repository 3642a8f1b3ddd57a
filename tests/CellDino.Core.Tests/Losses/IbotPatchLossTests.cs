using CellDino.Core.Losses;
using CellDino.TestSupport;
using static TorchSharp.torch;

namespace CellDino.Core.Tests.Losses;

public class IbotPatchLossTests
{
    [Fact]
    public void Teacher_targets_and_forward_masked_match_the_reference()
    {
        using var f = new LossFixture();
        using var scope = NewDisposeScope();
        var teacher = f.T["teacher_masked_patch_head"];
        foreach (var temp in f.TeacherTemps)
        {
            string tag = LossFixture.Tag(temp);
            using var loss = f.NewIbotLoss();
            var centered = loss.SoftmaxCenterTeacher(teacher, temp);
            TensorAssertRelative.RelL2(f.T[$"ibot.{tag}.teacher_probs_centering"], centered, what: $"{tag} centering");
            var sinkhorn = loss.SinkhornKnoppTeacher(teacher, temp, teacher.shape[0], f.SinkhornIterations);
            TensorAssertRelative.RelL2(f.T[$"ibot.{tag}.teacher_probs_sinkhorn"], sinkhorn, what: $"{tag} sinkhorn");
            foreach (var (mode, probs) in new[] { ("centering", centered), ("sinkhorn", sinkhorn) })
            {
                var value = loss.ForwardMasked(f.T["student_masked_patch_head"], probs, f.T["masks"], teacher.shape[0], f.T["masks_weight"]);
                LossFixture.Scalar(f.Expected[$"ibot.{tag}.{mode}.forward_masked"], value, $"{tag} {mode}");
                // Without masks_weight the loss derives the same weights from the masks.
                var derived = loss.ForwardMasked(f.T["student_masked_patch_head"], probs, f.T["masks"]);
                LossFixture.Scalar(f.Expected[$"ibot.{tag}.{mode}.forward_masked"], derived, $"{tag} {mode} derived weights");
            }
        }
    }

    [Fact]
    public void Default_masks_weight_equals_the_collate_weights()
    {
        using var f = new LossFixture();
        using var w = IbotPatchLoss.DefaultMasksWeight(f.T["masks"]);
        TensorAssert.Close(f.T["masks_weight"], w, atol: 0, rtol: 1e-7);
    }

    [Fact]
    public void Center_update_matches_the_reference_and_is_lazy()
    {
        using var f = new LossFixture();
        using var scope = NewDisposeScope();
        foreach (var input in new[] { f.T["teacher_masked_patch_head"], f.T["teacher_masked_patch_head"].unsqueeze(0) })
        {
            using var loss = f.NewIbotLoss();
            loss.UpdateCenter(input);
            TensorAssert.Close(f.T["ibot.center_before"], loss.Center, atol: 0, rtol: 0);
            loss.ApplyCenterUpdate();
            TensorAssertRelative.RelL2(f.T["ibot.center_after"], loss.Center, what: $"center after, input rank {input.dim()}");
        }
    }

    [Fact]
    public void Sinkhorn_rows_sum_to_one_and_the_sample_count_cancels()
    {
        using var scope = NewDisposeScope();
        using var loss = new IbotPatchLoss(4);
        var t = rand(6, 4, generator: new Generator(4)) - 0.5;
        var q = loss.SinkhornKnoppTeacher(t, 0.1, 6);
        TensorAssert.Close(ones(new long[] { 6 }), q.sum(1), atol: 1e-5, rtol: 0);
        // B divides every column and multiplies them back at the end, and the row normalizations are
        // scale-free, so with at least one round the targets do not depend on B.
        TensorAssert.Close(q, loss.SinkhornKnoppTeacher(t, 0.1, 12), atol: 1e-6, rtol: 1e-5);
        // Zero rounds: exp(t/τ) normalized to total mass B.
        var q0 = loss.SinkhornKnoppTeacher(t, 0.1, 12, iterations: 0);
        var e = (t / 0.1).exp();
        TensorAssert.Close(e / e.sum() * 12, q0, atol: 1e-6, rtol: 1e-5);
    }

    [Fact]
    public void Full_grid_forward_averages_per_image_over_masked_patches()
    {
        using var scope = NewDisposeScope();
        using var loss = new IbotPatchLoss(3, studentTemp: 1.0);
        var s = zeros(2, 2, 3); // uniform student: log_softmax = -ln 3 everywhere
        var t = full(new long[] { 2, 2, 3 }, 1f / 3);
        var masks = tensor(new long[] { 1, 0, 0, 0 }).reshape(2, 2);
        // Image 0: one masked patch, CE = ln 3; image 1: none, 0 (count clamped to 1). Mean: ln 3 / 2.
        Assert.Equal(Math.Log(3) / 2, loss.Forward(s, t, masks).item<float>(), 5);
    }

    [Fact]
    public void Center_is_a_state_dict_buffer_of_shape_1_1_K()
    {
        using var loss = new IbotPatchLoss(5);
        Assert.Equal(new[] { "center" }, loss.state_dict().Keys);
        Assert.Equal(new long[] { 1, 1, 5 }, loss.Center.shape);
    }
}
