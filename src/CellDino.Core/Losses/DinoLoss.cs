using TorchSharp;
using static TorchSharp.torch;

namespace CellDino.Core.Losses;

/// <summary>
/// The DINO class-token loss of DINOv2 (<c>DINOLoss</c>): teacher targets by centering + sharpening or by
/// Sinkhorn-Knopp, and the cross-entropy between teacher targets and the student's temperature-scaled
/// log-softmax, summed over every (student, teacher) pair. The center is the buffer <c>center</c> [1, K]
/// (saved in checkpoints as <c>dino_loss.center</c>). All arithmetic is float32.
/// </summary>
public sealed class DinoLoss : nn.Module
{
#pragma warning disable IDE1006 // PyTorch name: it is the state-dict key
    private readonly Tensor center;
#pragma warning restore IDE1006
    private readonly CenterState _state;

    /// <summary>Creates the loss for <paramref name="outDim"/> prototypes with a zero center.</summary>
    /// <param name="outDim">Number of prototypes K.</param>
    /// <param name="studentTemp">Student softmax temperature (0.1).</param>
    /// <param name="centerMomentum">Center EMA momentum (0.9).</param>
    public DinoLoss(int outDim, double studentTemp = 0.1, double centerMomentum = 0.9) : base(nameof(DinoLoss))
    {
        if (outDim <= 0) throw new ArgumentOutOfRangeException(nameof(outDim), outDim, "the number of prototypes must be positive.");
        if (!(studentTemp > 0)) throw new ArgumentOutOfRangeException(nameof(studentTemp), studentTemp, "the student temperature must be positive.");
        OutDim = outDim;
        StudentTemp = studentTemp;
        _state = new CenterState(centerMomentum);
        center = zeros(1, outDim).DetachFromDisposeScope();
        RegisterComponents();
    }

    /// <summary>Number of prototypes K.</summary>
    public int OutDim { get; }

    /// <summary>Student softmax temperature.</summary>
    public double StudentTemp { get; }

    /// <summary>Center EMA momentum.</summary>
    public double CenterMomentum => _state.Momentum;

    /// <summary>The center buffer [1, K] (pending updates not yet applied; see <see cref="ApplyCenterUpdate"/>).</summary>
    public Tensor Center => center;

    /// <summary>
    /// Teacher targets by centering and sharpening: <c>softmax((t − c)/τ)</c> over K. A center update
    /// recorded by <see cref="UpdateCenter"/> is applied first, so the center used at step s holds the
    /// batches up to step s−1 (DINOv2's lazy update). No gradient.
    /// </summary>
    /// <param name="teacherOutput">[n, K] teacher head outputs.</param>
    /// <param name="teacherTemp">Teacher temperature τ.</param>
    public Tensor SoftmaxCenterTeacher(Tensor teacherOutput, double teacherTemp)
    {
        CheckRows(teacherOutput, nameof(teacherOutput));
        if (!(teacherTemp > 0)) throw new ArgumentOutOfRangeException(nameof(teacherTemp), teacherTemp, "teacher temperature must be positive.");
        ApplyCenterUpdate();
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var t = teacherOutput.to(ScalarType.Float32) - center.to(teacherOutput.device);
        return nn.functional.softmax(t / teacherTemp, -1).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Teacher targets by Sinkhorn-Knopp (DINOv2 <c>sinkhorn_knopp_teacher</c>) over the n rows: each
    /// returned row sums to 1 and each prototype receives about n/K of the mass. No centering, no gradient.
    /// </summary>
    /// <param name="teacherOutput">[n, K] teacher head outputs.</param>
    /// <param name="teacherTemp">Teacher temperature τ.</param>
    /// <param name="iterations">Normalization rounds (3).</param>
    public Tensor SinkhornKnoppTeacher(Tensor teacherOutput, double teacherTemp, int iterations = 3)
    {
        CheckRows(teacherOutput, nameof(teacherOutput));
        return SinkhornKnopp.Run(teacherOutput, teacherTemp, teacherOutput.shape[0], iterations);
    }

    /// <summary>
    /// Records this step's teacher outputs for the center: the update
    /// <c>c ← m·c + (1−m)·mean_rows(t)</c> is applied lazily by the next <see cref="SoftmaxCenterTeacher"/>
    /// or by <see cref="ApplyCenterUpdate"/>.
    /// </summary>
    /// <param name="teacherOutput">[n, K] teacher head outputs (any row order).</param>
    public void UpdateCenter(Tensor teacherOutput)
    {
        CheckRows(teacherOutput, nameof(teacherOutput));
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        _state.Record(teacherOutput.to(ScalarType.Float32).sum(0, keepdim: true), teacherOutput.shape[0]);
    }

    /// <summary>Applies a pending center update now (no-op when none is pending).</summary>
    public void ApplyCenterUpdate() => _state.ApplyPending(center);

    /// <summary>
    /// DINOv2 <c>DINOLoss.forward</c>: <c>−Σ_s Σ_t mean_rows(Σ_k t·log_softmax(s/τ_s))</c> over every
    /// student tensor s and teacher target tensor t (rows paired by position). Not divided by the
    /// number of pairs. Differentiable in the student outputs.
    /// </summary>
    /// <param name="studentOutputs">Student head outputs, each [n, K].</param>
    /// <param name="teacherTargets">Teacher probabilities, each [n, K].</param>
    public Tensor Forward(IReadOnlyList<Tensor> studentOutputs, IReadOnlyList<Tensor> teacherTargets)
    {
        ArgumentNullException.ThrowIfNull(studentOutputs);
        ArgumentNullException.ThrowIfNull(teacherTargets);
        if (studentOutputs.Count == 0 || teacherTargets.Count == 0)
            throw new ArgumentException("DinoLoss needs at least one student and one teacher tensor.");
        using var scope = NewDisposeScope();
        Tensor? total = null;
        foreach (var s in studentOutputs)
        {
            CheckRows(s, nameof(studentOutputs));
            var lsm = nn.functional.log_softmax(s.to(ScalarType.Float32) / StudentTemp, -1);
            foreach (var t in teacherTargets)
            {
                if (!t.shape.SequenceEqual(s.shape))
                    throw new ArgumentException($"teacher targets [{string.Join(", ", t.shape)}] do not match student outputs [{string.Join(", ", s.shape)}].", nameof(teacherTargets));
                var term = (t.to(ScalarType.Float32) * lsm).sum(-1).mean();
                total = total is null ? -term : total - term;
            }
        }
        return total!.MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing) _state.Dispose();
        base.Dispose(disposing);
    }

    private void CheckRows(Tensor x, string name)
    {
        ArgumentNullException.ThrowIfNull(x, name);
        if (x.dim() != 2 || x.shape[1] != OutDim)
            throw new ArgumentException($"DinoLoss expects [n, {OutDim}] tensors, got [{string.Join(", ", x.shape)}].", name);
    }
}
