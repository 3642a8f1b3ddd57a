using TorchSharp;
using static TorchSharp.torch;

namespace CellDino.Core.Losses;

/// <summary>
/// The iBOT masked-patch loss of DINOv2 (<c>iBOTPatchLoss</c>): teacher targets for the masked patch
/// tokens (centering with its own center buffer <c>center</c> [1, 1, K], or Sinkhorn-Knopp over the masked
/// patches) and the per-image weighted cross-entropy with the student's masked patch outputs. All
/// arithmetic is float32.
/// </summary>
public sealed class IbotPatchLoss : nn.Module
{
#pragma warning disable IDE1006 // PyTorch name: it is the state-dict key
    private readonly Tensor center;
#pragma warning restore IDE1006
    private readonly CenterState _state;

    /// <summary>Creates the loss for <paramref name="patchOutDim"/> prototypes with a zero center.</summary>
    /// <param name="patchOutDim">Number of prototypes K.</param>
    /// <param name="studentTemp">Student softmax temperature (0.1).</param>
    /// <param name="centerMomentum">Center EMA momentum (0.9).</param>
    public IbotPatchLoss(int patchOutDim, double studentTemp = 0.1, double centerMomentum = 0.9) : base(nameof(IbotPatchLoss))
    {
        if (patchOutDim <= 0) throw new ArgumentOutOfRangeException(nameof(patchOutDim), patchOutDim, "the number of prototypes must be positive.");
        if (!(studentTemp > 0)) throw new ArgumentOutOfRangeException(nameof(studentTemp), studentTemp, "the student temperature must be positive.");
        OutDim = patchOutDim;
        StudentTemp = studentTemp;
        _state = new CenterState(centerMomentum);
        center = zeros(1, 1, patchOutDim).DetachFromDisposeScope();
        RegisterComponents();
    }

    /// <summary>Number of prototypes K.</summary>
    public int OutDim { get; }

    /// <summary>Student softmax temperature.</summary>
    public double StudentTemp { get; }

    /// <summary>Center EMA momentum.</summary>
    public double CenterMomentum => _state.Momentum;

    /// <summary>The center buffer [1, 1, K] (pending updates not yet applied).</summary>
    public Tensor Center => center;

    /// <summary>
    /// Teacher targets by centering and sharpening, <c>softmax((t − c)/τ)</c> over the last axis, after
    /// applying a pending center update (DINOv2's lazy update). No gradient.
    /// </summary>
    /// <param name="teacherPatchTokens">[n, K] (or [..., K]) teacher head outputs of the masked patches.</param>
    /// <param name="teacherTemp">Teacher temperature τ.</param>
    public Tensor SoftmaxCenterTeacher(Tensor teacherPatchTokens, double teacherTemp)
    {
        CheckLast(teacherPatchTokens, nameof(teacherPatchTokens));
        if (!(teacherTemp > 0)) throw new ArgumentOutOfRangeException(nameof(teacherTemp), teacherTemp, "teacher temperature must be positive.");
        ApplyCenterUpdate();
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var c = center.to(teacherPatchTokens.device).reshape(OutDim);
        var t = teacherPatchTokens.to(ScalarType.Float32) - c;
        return nn.functional.softmax(t / teacherTemp, -1).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Teacher targets by Sinkhorn-Knopp (DINOv2 <c>iBOTPatchLoss.sinkhorn_knopp_teacher</c>): like the DINO
    /// variant, but the column normalization uses the number of masked patches
    /// <paramref name="numMaskedPatches"/> (default: the number of rows). No gradient.
    /// </summary>
    /// <param name="teacherOutput">[n, K] teacher head outputs of the masked patches.</param>
    /// <param name="teacherTemp">Teacher temperature τ.</param>
    /// <param name="numMaskedPatches">Number of masked patches B in the normalization (null: n).</param>
    /// <param name="iterations">Normalization rounds (3).</param>
    public Tensor SinkhornKnoppTeacher(Tensor teacherOutput, double teacherTemp, long? numMaskedPatches = null, int iterations = 3)
    {
        CheckLast(teacherOutput, nameof(teacherOutput));
        long b = numMaskedPatches ?? teacherOutput.shape[0];
        return SinkhornKnopp.Run(teacherOutput, teacherTemp, b, iterations);
    }

    /// <summary>
    /// Records this step's teacher patch outputs for the center (applied lazily): the new center is
    /// <c>m·c + (1−m)·mean</c> where for [n, K] input the mean is over the n rows, and for [b, n, K] input
    /// it is DINOv2's <c>Σ_b mean_n(t) / b</c>.
    /// </summary>
    /// <param name="teacherPatchTokens">[n, K] or [b, n, K] teacher head outputs of the masked patches.</param>
    public void UpdateCenter(Tensor teacherPatchTokens)
    {
        CheckLast(teacherPatchTokens, nameof(teacherPatchTokens));
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var t = teacherPatchTokens.to(ScalarType.Float32);
        switch (t.dim())
        {
            case 2:
                _state.Record(t.sum(0, keepdim: true), t.shape[0]);
                break;
            case 3:
                _state.Record(t.mean(new long[] { 1 }).sum(0, keepdim: true), t.shape[0]);
                break;
            default:
                throw new ArgumentException($"UpdateCenter expects [n, {OutDim}] or [b, n, {OutDim}], got [{string.Join(", ", t.shape)}].", nameof(teacherPatchTokens));
        }
    }

    /// <summary>Applies a pending center update now (no-op when none is pending).</summary>
    public void ApplyCenterUpdate() => _state.ApplyPending(center);

    /// <summary>
    /// DINOv2 <c>forward_masked</c>: <c>−Σ_i w_i Σ_k t_ik · log_softmax(s_i/τ_s)_k / M</c> over the masked
    /// patch rows i, where M = <c>masks.shape[0]</c> (all collated global-crop images, masked or not).
    /// Differentiable in the student outputs.
    /// </summary>
    /// <param name="studentMasked">[n, K] student head outputs of the masked patches (flat mask order).</param>
    /// <param name="teacherTargetsMasked">[n, K] teacher targets of the same patches.</param>
    /// <param name="masks">[M, N] collated masks (bool or 0/1), 1 = masked.</param>
    /// <param name="numMaskedPatches">Use only the first rows (null: all n rows).</param>
    /// <param name="masksWeight">[n] per-patch weight; null: 1/max(1, masked count of the patch's image).</param>
    public Tensor ForwardMasked(Tensor studentMasked, Tensor teacherTargetsMasked, Tensor masks, long? numMaskedPatches = null, Tensor? masksWeight = null)
    {
        CheckLast(studentMasked, nameof(studentMasked));
        CheckLast(teacherTargetsMasked, nameof(teacherTargetsMasked));
        ArgumentNullException.ThrowIfNull(masks);
        if (masks.dim() != 2) throw new ArgumentException($"masks must be [M, N], got [{string.Join(", ", masks.shape)}].", nameof(masks));
        using var scope = NewDisposeScope();
        var lsm = nn.functional.log_softmax(studentMasked.to(ScalarType.Float32) / StudentTemp, -1);
        var loss = (teacherTargetsMasked.to(ScalarType.Float32) * lsm).sum(-1);
        var w = masksWeight?.to(ScalarType.Float32) ?? DefaultMasksWeight(masks).to(loss.device);
        if (numMaskedPatches is long n) loss = loss[..(int)n];
        if (w.shape[0] != loss.shape[0])
            throw new ArgumentException($"masks weight has {w.shape[0]} entries but there are {loss.shape[0]} masked patch rows.", nameof(masksWeight));
        var result = -(loss * w).sum() / (double)masks.shape[0];
        return result.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// DINOv2 <c>forward</c> on full patch grids: per image the mean over its masked patches (count clamped
    /// to ≥ 1) of the cross-entropy, then the negated mean over images.
    /// </summary>
    /// <param name="studentPatchTokens">[B, N, K] student head outputs.</param>
    /// <param name="teacherPatchTargets">[B, N, K] teacher targets.</param>
    /// <param name="masks">[B, N] masks (bool or 0/1).</param>
    public Tensor Forward(Tensor studentPatchTokens, Tensor teacherPatchTargets, Tensor masks)
    {
        CheckLast(studentPatchTokens, nameof(studentPatchTokens));
        CheckLast(teacherPatchTargets, nameof(teacherPatchTargets));
        ArgumentNullException.ThrowIfNull(masks);
        using var scope = NewDisposeScope();
        var lsm = nn.functional.log_softmax(studentPatchTokens.to(ScalarType.Float32) / StudentTemp, -1);
        var loss = (teacherPatchTargets.to(ScalarType.Float32) * lsm).sum(-1);
        var m = masks.to(ScalarType.Float32);
        var perImage = (loss * m).sum(-1) / m.sum(-1).clamp_min(1.0);
        return (-perImage.mean()).MoveToOuterDisposeScope();
    }

    /// <summary>Per masked patch (flat order of <paramref name="masks"/>), 1/max(1, masked patches of its image).</summary>
    public static Tensor DefaultMasksWeight(Tensor masks)
    {
        ArgumentNullException.ThrowIfNull(masks);
        using var scope = NewDisposeScope();
        var mb = masks.to(ScalarType.Bool);
        var perImage = 1.0 / mb.sum(-1).to(ScalarType.Float32).clamp_min(1.0);
        var expanded = perImage.unsqueeze(-1).expand_as(mb);
        return expanded.masked_select(mb).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing) _state.Dispose();
        base.Dispose(disposing);
    }

    private void CheckLast(Tensor x, string name)
    {
        ArgumentNullException.ThrowIfNull(x, name);
        if (x.dim() < 1 || x.shape[^1] != OutDim)
            throw new ArgumentException($"IbotPatchLoss expects [..., {OutDim}] tensors, got [{string.Join(", ", x.shape)}].", name);
    }
}
