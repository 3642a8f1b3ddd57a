using System.Runtime.InteropServices;

namespace CellDino.Core;

/// <summary>
/// How glibc's malloc serves libtorch's tensors. By default every allocation above 32 MiB (a ViT-S/16 MLP activation at batch
/// 32 is 39 MiB) is a fresh <c>mmap</c>, returned to the kernel when the tensor is freed, so the next one page-faults and is
/// zeroed again, page by page: on this project's 2-core machine that made the MLP's first linear layer 60 % slower than the
/// same matmul into reused memory (300 vs 180 ms per 12 blocks), and the whole ViT-S/16 MLP 650 vs 430 ms. CellDino asks glibc
/// to serve large blocks from its heap instead (<c>M_MMAP_MAX = 0</c>) and to keep up to 1 GiB of freed memory for reuse
/// (<c>M_TRIM_THRESHOLD</c>), as the allocators PyTorch recommends for CPU work (jemalloc, tcmalloc) do. The process's peak
/// memory is unchanged; what changes is that freed tensor memory is reused rather than returned at once.
/// Linux/glibc only; <c>CELLDINO_MALLOC_RETAIN=0</c> keeps glibc's defaults.
/// </summary>
internal static class NativeMemoryPolicy
{
    /// <summary>Environment variable that keeps glibc's defaults (<c>0</c>).</summary>
    public const string Variable = "CELLDINO_MALLOC_RETAIN";

    private const int MTrimThreshold = -1, MMmapMax = -4;

    /// <summary>What <see cref="Apply"/> did.</summary>
    public static string Status { get; private set; } = "not applied";

    /// <summary>Sets the policy once per process; never throws.</summary>
    public static void Apply()
    {
        if (Environment.GetEnvironmentVariable(Variable) is "0")
        {
            Status = $"off ({Variable}=0): glibc's defaults";
            return;
        }
        if (!OperatingSystem.IsLinux())
        {
            Status = "not applicable (not Linux)";
            return;
        }
        try
        {
            bool ok = mallopt(MMmapMax, 0) == 1 & mallopt(MTrimThreshold, 1 << 30) == 1;
            Status = ok ? "heap-served large blocks, up to 1 GiB of freed memory kept for reuse" : "mallopt refused: glibc's defaults";
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            Status = "not applicable (no glibc mallopt)";
        }
    }

    [DllImport("libc", EntryPoint = "mallopt")]
    private static extern int mallopt(int param, int value);
}
