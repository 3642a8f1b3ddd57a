using System.Globalization;
using BenchmarkDotNet.Running;
using CellDino.Benchmarks.Flops;
using CellDino.Benchmarks.Infrastructure;
using CellDino.Benchmarks.Modes;
using CellDino.Benchmarks.Modes.GpuCheck;
using CellDino.Core;
using TorchSharp;

namespace CellDino.Benchmarks;

/// <summary>
/// BenchmarkDotNet suites (default), or a console mode: <c>memory-soak [steps]</c>, <c>embed-soak [images]</c>,
/// <c>profile-step [preset] [steps]</c>, <c>flops</c>, <c>probe-backward [reps]</c>, <c>slowdown-probe [steps]</c>, <c>ceiling</c>,
/// <c>gpu-check [options]</c> (docs/gpu.md), <c>umap-time &lt;n&gt; [dim] [data.npy] [layout.npy]</c>. BenchmarkDotNet runs in-process unless
/// <c>--outOfProcess</c> is given, so the matmul ceiling is measured in the benchmarking process; <c>--quick</c>
/// adds the very short job.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        // First: libtorch must load through CellDino (MKL's kernel dispatch is set before it loads; docs/benchmarks.md).
        TorchRuntime.EnsureLoaded();
        string mode = args.Length > 0 ? args[0] : "";
        var rest = args.Skip(1).ToArray();
        switch (mode)
        {
            case "memory-soak": return MemorySoak.RunTraining(rest);
            case "embed-soak": return MemorySoak.RunEmbedding(rest);
            case "profile-step": return StepProfiler.Run(rest);
            case "embed": return EmbedParts.RunWhole(rest);
            case "step": return StepTimer.Run(rest);
            case "embed-parts": return EmbedParts.RunParts(rest);
            case "flops": return FlopTable.Run();
            case "probe-backward": return BackwardProbe.Run(rest);
            case "slowdown-probe": return SlowdownProbe.Run(rest);
            case "gpu-check": return GpuCheckMode.Run(rest);
            case "umap-time": return UmapTimer.Run(rest);
            case "ceiling":
                PrintMachine();
                return 0;
        }
        bool quick = args.Contains("--quick");
        var list = args.Where(a => a != "--quick").ToList();
        // The quick job carries its own in-process toolchain; adding --inProcess too would add a second job.
        if (!list.Contains("--outOfProcess")) { if (!quick) list.Add("--inProcess"); }
        else list.Remove("--outOfProcess");
        PrintMachine();
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(list.ToArray(), BenchmarkConfig.Create(quick));
        return 0;
    }

    private static void PrintMachine()
    {
        TorchRuntime.EnsureLoaded();
        var c = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Format(c, "// CellDino benchmarks: {0} logical cores, torch threads {1}, CUDA {2}",
            Environment.ProcessorCount, torch.get_num_threads(), Devices.CudaAvailable));
        Console.WriteLine(string.Format(c, "// Matmul ceiling (2048² float32, best of 5): {0:F1} GFLOP/s; MKL dispatch: {1}; load {2:F2}",
            MatmulCeiling.ProcessCeilingGflops, TorchRuntime.MklDispatch, MachineLoad.OneMinute()));
    }
}
