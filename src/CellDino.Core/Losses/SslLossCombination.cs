using static TorchSharp.torch;

namespace CellDino.Core.Losses;

/// <summary>
/// The loss bookkeeping of DINOv2's <c>SSLMetaArch.forward_backward</c> (2 global crops):
/// <list type="bullet">
/// <item>terms = 2·(2−1) + max(2·n_local, 1), the number of (student crop, teacher crop) pairs;</item>
/// <item>DINO local = DinoLoss(local crops, [targets of crop B rows, targets of crop A rows]) / terms;</item>
/// <item>DINO global = DinoLoss([student global], [swapped targets]) · 2 / terms, so student crop A meets
/// teacher crop B and vice versa;</item>
/// <item>KoLeo term = w_koleo · (KoLeo(first B backbone class tokens) + KoLeo(last B)), never across crops;</item>
/// <item>iBOT term = forward_masked(...) · 2 · (1/2);</item>
/// <item>total = w_dino·(local + global) + KoLeo term + w_ibot·iBOT term.</item>
/// </list>
/// </summary>
internal static class SslLossCombination
{
    /// <summary>Number of global crops: DINOv2's meta-architecture supports exactly 2.</summary>
    public const int NumGlobalCrops = 2;

    /// <summary>Number of (student, teacher) crop pairs the DINO terms are divided by: 2 + max(2·n_local, 1).</summary>
    public static int NumCropPairs(int numLocalCrops)
    {
        if (numLocalCrops < 0) throw new ArgumentOutOfRangeException(nameof(numLocalCrops), numLocalCrops, "must be >= 0.");
        return (NumGlobalCrops - 1) * NumGlobalCrops + Math.Max(numLocalCrops * NumGlobalCrops, 1);
    }

    /// <summary>
    /// Reorders [2B, ...] rows from (crop A, crop B) to (crop B, crop A), as the teacher's class tokens are
    /// before the head so that the DINO global term matches each student crop with the other teacher crop.
    /// </summary>
    public static Tensor SwapGlobalCrops(Tensor rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.dim() < 1 || rows.shape[0] % NumGlobalCrops != 0)
            throw new ArgumentException($"expected [2B, ...] rows (two global crops), got [{string.Join(", ", rows.shape)}].", nameof(rows));
        long b = rows.shape[0] / NumGlobalCrops;
        using var a = rows[..(int)b];
        using var bb = rows[(int)b..];
        return cat(new[] { bb, a }, 0);
    }

    /// <summary>
    /// Teacher targets of a step (DINOv2 <c>get_teacher_output</c> after the head). With
    /// <see cref="TeacherNormalization.Centering"/> the centered softmax uses the centers from before this
    /// step, then this step's outputs are recorded for the next center update; with
    /// <see cref="TeacherNormalization.SinkhornKnopp"/> no center changes.
    /// </summary>
    /// <param name="dinoLoss">The DINO loss (holds the class-token center).</param>
    /// <param name="ibotLoss">The iBOT loss (holds the patch center); null without iBOT.</param>
    /// <param name="mode">Centering or Sinkhorn-Knopp.</param>
    /// <param name="teacherClsSwapped">[2B, K] teacher head outputs of the global class tokens, rows already swapped (crop B, crop A).</param>
    /// <param name="teacherMaskedPatches">[n_masked, K] teacher head outputs of the masked patches; null without iBOT.</param>
    /// <param name="teacherTemp">Teacher temperature of this step.</param>
    /// <param name="sinkhornIterations">Sinkhorn-Knopp rounds (3).</param>
    public static TeacherTargets ComputeTeacherTargets(DinoLoss dinoLoss, IbotPatchLoss? ibotLoss, TeacherNormalization mode,
        Tensor teacherClsSwapped, Tensor? teacherMaskedPatches, double teacherTemp, int sinkhornIterations = 3)
    {
        ArgumentNullException.ThrowIfNull(dinoLoss);
        ArgumentNullException.ThrowIfNull(teacherClsSwapped);
        if ((ibotLoss is null) != (teacherMaskedPatches is null))
            throw new ArgumentException("the iBOT loss and the teacher's masked patch outputs must be given together.");
        Tensor dino;
        Tensor? ibot = null;
        switch (mode)
        {
            case TeacherNormalization.Centering:
                dino = dinoLoss.SoftmaxCenterTeacher(teacherClsSwapped, teacherTemp);
                dinoLoss.UpdateCenter(teacherClsSwapped);
                if (ibotLoss is not null)
                {
                    ibot = ibotLoss.SoftmaxCenterTeacher(teacherMaskedPatches!, teacherTemp);
                    ibotLoss.UpdateCenter(teacherMaskedPatches!);
                }
                break;
            case TeacherNormalization.SinkhornKnopp:
                dino = dinoLoss.SinkhornKnoppTeacher(teacherClsSwapped, teacherTemp, sinkhornIterations);
                if (ibotLoss is not null)
                    ibot = ibotLoss.SinkhornKnoppTeacher(teacherMaskedPatches!, teacherTemp, teacherMaskedPatches!.shape[0], sinkhornIterations);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(mode), mode, "unknown teacher normalization.");
        }
        return new TeacherTargets(dino, ibot);
    }

    /// <summary>Forms the step's loss terms exactly as DINOv2's <c>forward_backward</c> (see the type remarks).</summary>
    /// <param name="inputs">Head outputs, targets and masks of the step.</param>
    /// <param name="dinoLoss">The DINO loss (student temperature).</param>
    /// <param name="ibotLoss">The iBOT loss; required when the iBOT weight is positive.</param>
    /// <param name="koleoLoss">The KoLeo loss; required when the KoLeo weight is positive.</param>
    /// <param name="weights">Loss weights (null: Cell-DINO's 1.0 / 1.0 / 0.1).</param>
    public static SslLossTerms Combine(SslLossInputs inputs, DinoLoss dinoLoss, IbotPatchLoss? ibotLoss = null, KoLeoLoss? koleoLoss = null, SslLossWeights? weights = null)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(dinoLoss);
        weights ??= new SslLossWeights();
        bool doDino = weights.Dino > 0, doIbot = weights.Ibot > 0, doKoleo = weights.Koleo > 0;
        var targets = inputs.TeacherDinoTargets;
        if (targets.dim() != 2 || targets.shape[0] % NumGlobalCrops != 0)
            throw new ArgumentException($"TeacherDinoTargets must be [2B, K], got [{string.Join(", ", targets.shape)}].", nameof(inputs));
        if (!inputs.StudentGlobalCls.shape.SequenceEqual(targets.shape))
            throw new ArgumentException($"StudentGlobalCls [{string.Join(", ", inputs.StudentGlobalCls.shape)}] must match TeacherDinoTargets [{string.Join(", ", targets.shape)}].", nameof(inputs));
        long b = targets.shape[0] / NumGlobalCrops;
        int nLocal = inputs.NumLocalCrops;
        double terms = NumCropPairs(nLocal);

        using var scope = NewDisposeScope();
        Tensor? local = null, global = null, koleo = null, ibot = null;
        var perCrop = new[] { targets[..(int)b], targets[(int)b..] };
        if (nLocal == 0 && inputs.StudentLocalCls is { } extra && extra.shape[0] > 0)
            throw new ArgumentException($"StudentLocalCls has {extra.shape[0]} rows but NumLocalCrops is 0.", nameof(inputs));
        if (nLocal > 0)
        {
            var s = inputs.StudentLocalCls ?? throw new ArgumentException($"NumLocalCrops is {nLocal} but StudentLocalCls is null.", nameof(inputs));
            if (s.shape[0] != nLocal * b)
                throw new ArgumentException($"StudentLocalCls has {s.shape[0]} rows; expected NumLocalCrops·B = {nLocal * b}.", nameof(inputs));
            local = dinoLoss.Forward(s.chunk(nLocal), perCrop) / terms;
        }
        if (doDino)
        {
            global = dinoLoss.Forward(new[] { inputs.StudentGlobalCls }, new[] { targets }) * 2.0 / terms;
            if (doKoleo)
            {
                var k = koleoLoss ?? throw new ArgumentNullException(nameof(koleoLoss), "a KoLeoLoss is needed when the KoLeo weight is positive.");
                var x = inputs.StudentGlobalClsBackbone ?? throw new ArgumentException("StudentGlobalClsBackbone is needed when the KoLeo weight is positive.", nameof(inputs));
                if (x.shape[0] != 2 * b)
                    throw new ArgumentException($"StudentGlobalClsBackbone has {x.shape[0]} rows; expected 2B = {2 * b}.", nameof(inputs));
                koleo = (k.forward(x[..(int)b]) + k.forward(x[(int)b..])) * weights.Koleo;
            }
        }
        if (doIbot)
        {
            var l = ibotLoss ?? throw new ArgumentNullException(nameof(ibotLoss), "an IbotPatchLoss is needed when the iBOT weight is positive.");
            var s = inputs.StudentMaskedPatches ?? throw new ArgumentException("StudentMaskedPatches is needed when the iBOT weight is positive.", nameof(inputs));
            var t = inputs.TeacherIbotTargets ?? throw new ArgumentException("TeacherIbotTargets is needed when the iBOT weight is positive.", nameof(inputs));
            var m = inputs.Masks ?? throw new ArgumentException("Masks is needed when the iBOT weight is positive.", nameof(inputs));
            // DINOv2 scales by loss_scales (2, the crops processed together) and by 1/n_global_crops.
            ibot = l.ForwardMasked(s, t, m, s.shape[0], inputs.MasksWeight) * 2.0 * (1.0 / NumGlobalCrops);
        }

        Tensor total = zeros(1, device: targets.device).squeeze();
        if (local is not null) total = total + local * weights.Dino;
        if (global is not null) total = total + global * weights.Dino;
        if (koleo is not null) total = total + koleo;
        if (ibot is not null) total = total + ibot * weights.Ibot;
        var result = new SslLossTerms(local?.MoveToOuterDisposeScope(), global?.MoveToOuterDisposeScope(),
            koleo?.MoveToOuterDisposeScope(), ibot?.MoveToOuterDisposeScope(), total.MoveToOuterDisposeScope());
        return result;
    }
}
