using System.Globalization;

namespace CellDino.Core;

/// <summary>
/// The one place that splits the cores a process may use between libtorch's intra-op pool and CellDino's own workers
/// (image decoding in the data loader and the embedder). Both default to every core, which oversubscribes small
/// machines: on a loaded 2-core machine the linear probe ran 7x slower with libtorch's 2 threads than with 1, and the
/// tiny training step was faster on 1 libtorch thread (361 vs 305 images/s) with the loader on the other core.
/// </summary>
/// <remarks>
/// Split of <see cref="Environment.ProcessorCount"/> (which honours CPU affinity and container limits) = n:
/// n ≤ 3: 1 worker, n − 1 libtorch threads (at least 1); n ≥ 4: n/4 workers, the rest libtorch. Overrides, in order:
/// the arguments of <see cref="Apply"/>, then the environment variables <c>CELLDINO_TORCH_THREADS</c> and
/// <c>CELLDINO_WORKERS</c>. libtorch's inter-op pool is deliberately left alone: CellDino never submits inter-op work
/// (no <c>fork</c>/<c>launch</c>; the CPU autograd engine runs on the calling thread), so the pool never starts a thread and
/// cannot oversubscribe; and setting it is unsafe from a library, since libtorch aborts the whole process (an uncatchable
/// native error) when <c>set_num_interop_threads</c> is called a second time or after any parallel work has started.
/// </remarks>
public static class ThreadingPolicy
{
    /// <summary>Environment variable that sets libtorch's intra-op threads.</summary>
    public const string TorchThreadsVariable = "CELLDINO_TORCH_THREADS";

    /// <summary>Environment variable that sets the loader / decoder worker count.</summary>
    public const string WorkersVariable = "CELLDINO_WORKERS";

    /// <summary>The cores this process may use.</summary>
    public static int Cores => Environment.ProcessorCount;

    /// <summary>The split for <paramref name="cores"/> cores, before overrides.</summary>
    public static (int TorchThreads, int Workers) Split(int cores)
    {
        cores = Math.Max(1, cores);
        int workers = cores <= 3 ? 1 : cores / 4;
        return (Math.Max(1, cores - workers), workers);
    }

    /// <summary>Loader / decoder workers: <see cref="WorkersVariable"/> when set, else the split of <see cref="Cores"/>.</summary>
    public static int Workers => FromEnvironment(WorkersVariable) ?? Split(Cores).Workers;

    /// <summary>libtorch intra-op threads: <see cref="TorchThreadsVariable"/> when set, else the split of <see cref="Cores"/>.</summary>
    public static int TorchThreads => FromEnvironment(TorchThreadsVariable) ?? Split(Cores).TorchThreads;

    /// <summary>
    /// Sets libtorch's intra-op threads (<paramref name="torchThreads"/>, else <see cref="TorchThreads"/>) and returns the
    /// previous value, so a caller that changes it for one job can put it back.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="torchThreads"/> is below 1.</exception>
    /// <exception cref="TorchRuntimeException">The native runtime cannot load.</exception>
    public static int Apply(int? torchThreads = null)
    {
        if (torchThreads is < 1) throw new ArgumentOutOfRangeException(nameof(torchThreads), torchThreads, "At least one libtorch thread is needed.");
        TorchRuntime.EnsureLoaded();
        int previous = TorchSharp.torch.get_num_threads();
        TorchSharp.torch.set_num_threads(torchThreads ?? TorchThreads);
        return previous;
    }

    private static int? FromEnvironment(string name) => ParseThreads(name, Environment.GetEnvironmentVariable(name));

    internal static int? ParseThreads(string name, string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        return int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int v) && v >= 1 ? v
            : throw new ArgumentException($"{name}={text}: expected a whole number of threads, at least 1.");
    }
}
