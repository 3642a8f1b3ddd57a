namespace CellDino.Benchmarks.Modes.GpuCheck;

/// <summary>
/// The native libraries this process actually mapped, read from <c>/proc/self/maps</c>: the proof of which libtorch,
/// which TorchSharp shim and which CUDA libraries a run used (TorchSharp's own version strings name what it was built
/// for, not what was loaded).
/// </summary>
public static class LoadedLibraries
{
    private static readonly string[] Prefixes = ["libtorch", "libc10", "libLibTorchSharp", "libcudart", "libcublas", "libcudnn", "libnvrtc", "libcuda.so", "libgomp", "libstdc++"];

    /// <summary>Distinct mapped files whose name starts with one of the libraries of interest, sorted; empty where /proc is absent.</summary>
    public static IReadOnlyList<string> Read(string mapsPath = "/proc/self/maps")
    {
        if (!File.Exists(mapsPath)) return [];
        var found = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(mapsPath))
        {
            int slash = line.IndexOf('/', StringComparison.Ordinal);
            if (slash < 0) continue;
            var path = line[slash..].Trim();
            var file = Path.GetFileName(path);
            if (Prefixes.Any(p => file.StartsWith(p, StringComparison.Ordinal))) found.Add(path);
        }
        return [.. found];
    }
}
