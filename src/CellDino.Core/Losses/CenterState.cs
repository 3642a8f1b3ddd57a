using static TorchSharp.torch;

namespace CellDino.Core.Losses;

/// <summary>
/// A teacher center with DINOv2's lazy update: <see cref="Record"/> stores this step's row sum, and the
/// next <see cref="ApplyPending"/> (run at the start of the next centering) blends it in as
/// <c>c ← m·c + (1−m)·sum/n</c>. The center tensor itself is the owning module's registered buffer.
/// </summary>
internal sealed class CenterState : IDisposable
{
    private Tensor? _pendingSum;
    private long _pendingCount;

    public CenterState(double momentum)
    {
        if (momentum is < 0 or > 1 || double.IsNaN(momentum))
            throw new ArgumentOutOfRangeException(nameof(momentum), momentum, "center momentum must be in [0, 1].");
        Momentum = momentum;
    }

    public double Momentum { get; }

    public bool HasPending => _pendingSum is not null;

    /// <summary>Stores the batch statistics <paramref name="rowSum"/> (owned from now on) over <paramref name="count"/> rows.</summary>
    public void Record(Tensor rowSum, long count)
    {
        _pendingSum?.Dispose();
        // Owned here until the next step: the caller's per-step dispose scope must not free it.
        _pendingSum = rowSum.DetachFromDisposeScope();
        _pendingCount = count;
    }

    /// <summary>Blends the pending statistics into <paramref name="center"/> in place (its storage is kept).</summary>
    public void ApplyPending(Tensor center)
    {
        if (_pendingSum is null) return;
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        // Same arithmetic as DINOv2 (c·m + t·(1−m), three roundings), then copied into the buffer.
        var t = _pendingSum.to(center.device) / (double)_pendingCount;
        var updated = center * Momentum + t * (1 - Momentum);
        center.copy_(updated.reshape(center.shape));
        _pendingSum.Dispose();
        _pendingSum = null;
    }

    public void Dispose()
    {
        _pendingSum?.Dispose();
        _pendingSum = null;
    }
}
