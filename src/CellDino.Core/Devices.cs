using TorchSharp;

namespace CellDino.Core;

/// <summary>Chooses the compute device: CUDA when a CUDA backend and a GPU are present, else CPU.</summary>
public static class Devices
{
    /// <summary>True when a CUDA backend (TorchSharp-cuda-linux) is referenced and a GPU is visible.</summary>
    public static bool CudaAvailable
    {
        get
        {
            TorchRuntime.EnsureLoaded();
            return torch.cuda.is_available();
        }
    }

    /// <summary>The best device here: <c>cuda:0</c> when available, otherwise <c>cpu</c>.</summary>
    public static torch.Device Default() => CudaAvailable ? torch.CUDA : torch.CPU;

    /// <summary>
    /// Resolves a user's device string: <c>auto</c> (or null/empty), <c>cpu</c>, <c>cuda</c>, <c>cuda:N</c>.
    /// </summary>
    /// <exception cref="ArgumentException">The string is not a device name, or CUDA was asked for but is not available.</exception>
    public static torch.Device Parse(string? name)
    {
        TorchRuntime.EnsureLoaded();
        var n = (name ?? "auto").Trim().ToLowerInvariant();
        if (n is "" or "auto") return Default();
        if (n == "cpu") return torch.CPU;
        if (n == "cuda" || n.StartsWith("cuda:", StringComparison.Ordinal))
        {
            if (!torch.cuda.is_available())
                throw new ArgumentException($"Device '{name}' was requested but CUDA is not available: reference the TorchSharp-cuda-linux package and check that a GPU is visible (nvidia-smi).", nameof(name));
            int index = 0;
            if (n.Length > 5 && !int.TryParse(n.AsSpan(5), out index))
                throw new ArgumentException($"Device '{name}' is not valid: expected cuda or cuda:N.", nameof(name));
            if (index < 0 || index >= torch.cuda.device_count())
                throw new ArgumentException($"Device '{name}' does not exist: {torch.cuda.device_count()} CUDA device(s) visible.", nameof(name));
            return torch.device(DeviceType.CUDA, index);
        }
        throw new ArgumentException($"Device '{name}' is not valid: expected auto, cpu, cuda or cuda:N.", nameof(name));
    }
}
