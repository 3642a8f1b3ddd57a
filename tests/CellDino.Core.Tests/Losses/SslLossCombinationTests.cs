using CellDino.Core.Losses;
using CellDino.TestSupport;
using static TorchSharp.torch;

namespace CellDino.Core.Tests.Losses;

public class SslLossCombinationTests
{
    [Theory]
    [InlineData(TeacherNormalization.Centering, "centering")]
    [InlineData(TeacherNormalization.SinkhornKnopp, "sinkhorn")]
    public void Step_loss_matches_the_reference_combination(TeacherNormalization mode, string modeName)
    {
        using var f = new LossFixture();
        foreach (var temp in f.TeacherTemps)
        {
            using var scope = NewDisposeScope();
            string tag = LossFixture.Tag(temp);
            using var dino = f.NewDinoLoss();
            using var ibot = f.NewIbotLoss();
            using var koleo = new KoLeoLoss();
            var swapped = SslLossCombination.SwapGlobalCrops(f.T["teacher_cls_head"]);
            using var targets = SslLossCombination.ComputeTeacherTargets(dino, ibot, mode, swapped, f.T["teacher_masked_patch_head"], temp, f.SinkhornIterations);
            var inputs = new SslLossInputs
            {
                TeacherDinoTargets = targets.Dino,
                StudentGlobalCls = f.T["student_global_cls_head"],
                StudentLocalCls = f.T["student_local_cls_head"],
                NumLocalCrops = f.NumLocal,
                StudentGlobalClsBackbone = f.T["student_global_cls_backbone"],
                StudentMaskedPatches = f.T["student_masked_patch_head"],
                TeacherIbotTargets = targets.Ibot,
                Masks = f.T["masks"],
                MasksWeight = f.T["masks_weight"],
            };
            using var terms = SslLossCombination.Combine(inputs, dino, ibot, koleo, f.Weights);
            var expected = f.T[$"combined.{tag}.{modeName}.losses"];
            var actual = stack(new[] { terms.DinoLocalCrops!, terms.DinoGlobalCrops!, terms.KoleoTerm!, terms.IbotTerm!, terms.Total });
            TensorAssertRelative.RelL2(expected, actual, rel: 1e-4, maxAbs: 1e-3, what: $"{tag} {modeName}");
            string p = $"combined.{tag}.{modeName}.";
            LossFixture.Scalar(f.Expected[p + "dino_local_crops_loss"], terms.DinoLocalCrops!, "local");
            LossFixture.Scalar(f.Expected[p + "dino_global_crops_loss"], terms.DinoGlobalCrops!, "global");
            LossFixture.Scalar(f.Expected[p + "koleo_term"], terms.KoleoTerm!, "koleo");
            LossFixture.Scalar(f.Expected[p + "ibot_term"], terms.IbotTerm!, "ibot");
            LossFixture.Scalar(f.Expected[p + "total_loss"], terms.Total, "total");
            var logged = terms.LoggedValues();
            Assert.Equal(f.Expected[p + "loss_dict.koleo_loss"], logged["koleo_loss"], 1e-4 * Math.Abs(f.Expected[p + "loss_dict.koleo_loss"]));
            Assert.Equal(f.Expected[p + "loss_dict.ibot_loss"], logged["ibot_loss"], 1e-4 * f.Expected[p + "loss_dict.ibot_loss"]);

            if (mode == TeacherNormalization.Centering)
            {
                // This step's teacher outputs were recorded; applying them gives the reference centers.
                dino.ApplyCenterUpdate();
                ibot.ApplyCenterUpdate();
                TensorAssertRelative.RelL2(f.T["dino.center_after"], dino.Center, what: "dino center");
                TensorAssertRelative.RelL2(f.T["ibot.center_after"], ibot.Center, what: "ibot center");
            }
            else
            {
                TensorAssert.Close(f.T["dino.center_before"], dino.Center, atol: 0, rtol: 0, what: "sinkhorn leaves the center");
            }
        }
    }

    [Theory]
    [InlineData(0, 3)]
    [InlineData(4, 10)]
    [InlineData(8, 18)]
    public void Crop_pair_count_is_DINOv2s(int locals, int pairs) => Assert.Equal(pairs, SslLossCombination.NumCropPairs(locals));

    [Fact]
    public void Swap_puts_crop_B_first()
    {
        using var scope = NewDisposeScope();
        var x = arange(6).reshape(6, 1);
        Assert.Equal(new long[] { 3, 4, 5, 0, 1, 2 }, SslLossCombination.SwapGlobalCrops(x).reshape(-1).data<long>().ToArray());
        Assert.Throws<ArgumentException>(() => SslLossCombination.SwapGlobalCrops(zeros(5, 2)));
    }

    [Fact]
    public void Without_local_crops_ibot_or_koleo_only_the_global_term_remains()
    {
        using var f = new LossFixture();
        using var scope = NewDisposeScope();
        using var dino = f.NewDinoLoss();
        var targets = dino.SinkhornKnoppTeacher(SslLossCombination.SwapGlobalCrops(f.T["teacher_cls_head"]), 0.04);
        var inputs = new SslLossInputs { TeacherDinoTargets = targets, StudentGlobalCls = f.T["student_global_cls_head"] };
        using var terms = SslLossCombination.Combine(inputs, dino, weights: new SslLossWeights { Ibot = 0, Koleo = 0 });
        Assert.Null(terms.DinoLocalCrops);
        Assert.Null(terms.KoleoTerm);
        Assert.Null(terms.IbotTerm);
        // terms = 2 + max(0, 1) = 3; global = raw · 2 / 3.
        LossFixture.Scalar(f.Expected["dino.T0.04.sinkhorn.forward_global_raw"] * 2 / 3, terms.Total, "global only");
        // Local rows without a local-crop count are a caller error, not silently ignored.
        var bad = inputs with { StudentLocalCls = f.T["student_local_cls_head"] };
        Assert.Contains("NumLocalCrops", Assert.Throws<ArgumentException>(() => SslLossCombination.Combine(bad, dino, weights: new SslLossWeights { Ibot = 0, Koleo = 0 })).Message);
    }

    [Fact]
    public void Total_is_differentiable_in_the_student_outputs()
    {
        using var f = new LossFixture();
        using var scope = NewDisposeScope();
        using var dino = f.NewDinoLoss();
        using var ibot = f.NewIbotLoss();
        using var koleo = new KoLeoLoss();
        var sg = f.T["student_global_cls_head"].clone().requires_grad_();
        var sl = f.T["student_local_cls_head"].clone().requires_grad_();
        var sb = f.T["student_global_cls_backbone"].clone().requires_grad_();
        var sm = f.T["student_masked_patch_head"].clone().requires_grad_();
        var inputs = new SslLossInputs
        {
            TeacherDinoTargets = f.T["dino.T0.04.teacher_probs_centering"], StudentGlobalCls = sg, StudentLocalCls = sl,
            NumLocalCrops = f.NumLocal, StudentGlobalClsBackbone = sb, StudentMaskedPatches = sm,
            TeacherIbotTargets = f.T["ibot.T0.04.teacher_probs_centering"], Masks = f.T["masks"], MasksWeight = f.T["masks_weight"],
        };
        using var terms = SslLossCombination.Combine(inputs, dino, ibot, koleo, f.Weights);
        LossFixture.Scalar(f.Expected["combined.T0.04.centering.total_loss"], terms.Total, "total from stored targets");
        terms.Total.backward();
        foreach (var t in new[] { sg, sl, sb, sm }) Assert.True(t.grad!.abs().sum().item<float>() > 0);
    }
}
