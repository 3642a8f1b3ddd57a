using System.Runtime.InteropServices;
using TorchSharp;

namespace CellDino.Core;

/// <summary>
/// One place that makes sure TorchSharp's native libraries are loaded, and explains failures.
/// </summary>
/// <remarks>
/// TorchSharp 0.107's <c>libLibTorchSharp.so</c> needs libstdc++ from GCC 13+ (symbol version
/// <c>GLIBCXX_3.4.32</c>). Where it is missing TorchSharp reports a misleading "doesn't contain a
/// reference to libtorch-cpu" trace; <see cref="EnsureLoaded"/> turns that into one clear message.
/// </remarks>
public static class TorchRuntime
{
    /// <summary>The libstdc++ symbol version TorchSharp 0.107's native library needs.</summary>
    public const string RequiredGlibcxx = "GLIBCXX_3.4.32";

    private static readonly object Gate = new();
    private static bool _loaded;
    private static TorchRuntimeException? _failure;

    /// <summary>How MKL (inside libtorch) picks its kernels on this processor; see <c>docs/benchmarks.md</c>.</summary>
    public static string MklDispatch => MklCpuDispatch.Status;

    /// <summary>How glibc's malloc serves libtorch's tensors (<c>CELLDINO_MALLOC_RETAIN</c>); see <c>docs/benchmarks.md</c>.</summary>
    public static string NativeMemory => NativeMemoryPolicy.Status;

    /// <summary>True when the native libraries loaded (tries once; never throws).</summary>
    public static bool IsAvailable
    {
        get
        {
            try { EnsureLoaded(); return true; }
            catch (TorchRuntimeException) { return false; }
        }
    }

    /// <summary>
    /// Loads TorchSharp's native CPU backend, or throws <see cref="TorchRuntimeException"/> naming the cause and the fix.
    /// </summary>
    public static void EnsureLoaded()
    {
        lock (Gate)
        {
            if (_loaded) return;
            if (_failure is not null) throw _failure;
            try
            {
                MklCpuDispatch.Apply(); // before libtorch loads: MKL reads the dispatch once
                NativeMemoryPolicy.Apply();
                torch.InitializeDeviceType(DeviceType.CPU);
                _loaded = true;
            }
            catch (Exception ex)
            {
                _failure = new TorchRuntimeException(Explain(ex), ex);
                throw _failure;
            }
        }
    }

    private static string Explain(Exception ex) => Explain(ex, FindLibStdCxx());

    /// <summary>Builds the one-paragraph diagnosis for a native load failure, given the libstdc++ found (or null).</summary>
    internal static string Explain(Exception ex, string? libstdcxx)
    {
        var all = ex.ToString();
        bool oldLibStdCxx = OperatingSystem.IsLinux() && libstdcxx is not null && !FileContains(libstdcxx, RequiredGlibcxx);
        if (oldLibStdCxx || all.Contains(RequiredGlibcxx, StringComparison.Ordinal))
        {
            return $"TorchSharp's native library could not be loaded: it needs libstdc++ from GCC 13 or newer (symbol version {RequiredGlibcxx}), " +
                   $"and this system's {libstdcxx ?? "libstdc++.so.6"} is older. Fix: run ./scripts/ensure-prereqs.sh (Debian 12: installs libstdc++6 " +
                   "from Debian trixie, pinned), or install a newer libstdc++6 (Ubuntu 24.04+, Debian 13+, Fedora 39+ have it). " +
                   "Check with: strings /usr/lib/x86_64-linux-gnu/libstdc++.so.6 | grep " + RequiredGlibcxx;
        }
        return "TorchSharp's native library could not be loaded. The application must reference a backend package: " +
               "libtorch-cpu-linux-x64 or TorchSharp-cpu for CPU, TorchSharp-cuda-linux for NVIDIA GPUs (version 2.10.0 of libtorch, as TorchSharp 0.107 requires). " +
               $"Native loader said: {LoaderSaid(ex)}";
    }

    // TorchSharp appends its whole multi-line probing trace to the reason; the reason is what a user can act on.
    private static string LoaderSaid(Exception ex)
    {
        var said = ex.GetBaseException().Message;
        int trace = said.IndexOf("Trace from LoadNativeBackend", StringComparison.Ordinal);
        if (trace > 0) said = said[..trace];
        return string.Join(' ', said.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    private static string? FindLibStdCxx()
    {
        if (!OperatingSystem.IsLinux()) return null;
        string arch = RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? "aarch64-linux-gnu" : "x86_64-linux-gnu";
        foreach (var p in new[] { $"/usr/lib/{arch}/libstdc++.so.6", "/usr/lib64/libstdc++.so.6", "/usr/lib/libstdc++.so.6" })
            if (File.Exists(p)) return p;
        return null;
    }

    internal static bool FileContains(string path, string ascii)
    {
        try
        {
            var bytes = File.ReadAllBytes(path);
            return bytes.AsSpan().IndexOf(System.Text.Encoding.ASCII.GetBytes(ascii)) >= 0;
        }
        catch (IOException) { return true; } // cannot tell: do not blame libstdc++
        catch (UnauthorizedAccessException) { return true; }
    }
}
