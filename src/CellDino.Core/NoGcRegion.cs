using System.Runtime;

namespace CellDino.Core;

/// <summary>
/// Keeps the garbage collector (and with it the finalizer thread) quiet while a training step or a forward pass runs.
/// TorchSharp 0.107 passes temporary <c>Scalar</c> objects (e.g. the implicit <c>alpha = 1</c> of <c>a + b</c>) to native
/// calls without keeping them alive; when another thread (a data-loader worker) triggers a GC during such a call, the
/// finalizer can free the scalar while libtorch still reads it, which surfaces as a random
/// "Expected false to be true ... toFloat" error after hundreds of steps. No GC during the step, no finalizer race.
/// Public so that code running its own forward passes beside loader threads (the embedder in CellDino.Eval, a user's
/// loop) can use the same guard: <c>using (NoGcRegion.Begin()) { ... }</c>.
/// </summary>
public readonly struct NoGcRegion : IDisposable
{
    private readonly bool _active;

    private NoGcRegion(bool active) => _active = active;

    /// <summary>Starts a no-GC region allowing <paramref name="bytes"/> of allocation; does nothing where the runtime refuses.</summary>
    public static NoGcRegion Begin(long bytes = 128L << 20)
    {
        if (GCSettings.LatencyMode == GCLatencyMode.NoGCRegion) return default;
        foreach (var size in new[] { bytes, 32L << 20 })
        {
            try
            {
                return new NoGcRegion(GC.TryStartNoGCRegion(size));
            }
            catch (ArgumentOutOfRangeException)
            {
                // Larger than the runtime allows for this GC mode: try the smaller budget.
            }
            catch (InvalidOperationException)
            {
                return default;
            }
        }
        return default;
    }

    /// <summary>Ends the region (if a GC already ended it because the budget ran out, there is nothing to end).</summary>
    public void Dispose()
    {
        if (!_active || GCSettings.LatencyMode != GCLatencyMode.NoGCRegion) return;
        try
        {
            GC.EndNoGCRegion();
        }
        catch (InvalidOperationException)
        {
            // A GC happened inside the region (allocation beyond the budget); the region is already over.
        }
    }
}
