using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using CellDino.Benchmarks.Infrastructure;

namespace CellDino.Benchmarks.Modes.GpuCheck;

/// <summary>Where the process ran and what it loaded.</summary>
public sealed record EnvResult
{
    /// <summary>.NET runtime description.</summary>
    public required string Runtime { get; init; }
    /// <summary>Logical processors.</summary>
    public int Cores { get; init; }
    /// <summary>libtorch's intra-op threads.</summary>
    public int TorchThreads { get; init; }
    /// <summary>TorchSharp managed assembly version.</summary>
    public required string TorchSharp { get; init; }
    /// <summary>The libtorch version TorchSharp was built for (a constant in it, not the loaded library).</summary>
    public required string TorchSharpBuiltFor { get; init; }
    /// <summary><c>torch.cuda.is_available()</c>.</summary>
    public bool CudaAvailable { get; init; }
    /// <summary>Visible CUDA devices.</summary>
    public int CudaDevices { get; init; }
    /// <summary>The CUDA driver's description of the device (CUDA runs only).</summary>
    public CudaDeviceInfo? Gpu { get; init; }
    /// <summary>Device bytes in use once the CUDA context exists, before any work (CUDA runs only).</summary>
    public long? ContextBytes { get; init; }
    /// <summary>Native libraries mapped into the process (<see cref="LoadedLibraries"/>).</summary>
    public IReadOnlyList<string> Libraries { get; init; } = [];
    /// <summary>‖C − C_ref‖ / ‖C_ref‖ of a 512² fp32 matmul on the device against fp64 on the CPU (TF32 shows as ~1e-3).</summary>
    public double Fp32MatmulRelError { get; init; }
    /// <summary>The same for bf16 operands (expected 1e-3 to 1e-2).</summary>
    public double Bf16MatmulRelError { get; init; }
    /// <summary>Both errors finite and inside their bands (fp32 &lt; 2e-3, bf16 &lt; 3e-2).</summary>
    public bool MatmulSane { get; init; }
}

/// <summary>A matmul ceiling measured in this process.</summary>
public sealed record CeilingResult(string Dtype, int Size, int Repeats, double Gflops);

/// <summary>Embedding throughput of one backbone on one path.</summary>
public sealed record EmbedResult(string Model, string Path, string Dtype, int ImageSize, int Batch, int Repeats,
    double MedianSecondsPerBatch, double ImagesPerSecond, double Gflops, double? FractionOfCeiling, long? DeviceBytesInUse);

/// <summary>Training-step throughput of one preset in one precision.</summary>
public sealed record TrainResult(string Preset, string Arch, int Batch, string Precision, int Steps, double MedianSecondsPerStep,
    double ImagesPerSecond, double GflopPerStep, double Gflops, double? Mfu, string CeilingDtype, long? DeviceBytesInUse, double LastLoss);

/// <summary>The bf16 and fp32 runs of the same seed, step by step.</summary>
public sealed record CompareResult
{
    /// <summary>Steps per run.</summary>
    public int Steps { get; init; }
    /// <summary>Images per step.</summary>
    public int Batch { get; init; }
    /// <summary>Total loss per step, bf16 run.</summary>
    public required double[] LossBf16 { get; init; }
    /// <summary>Total loss per step, fp32 run.</summary>
    public required double[] LossFp32 { get; init; }
    /// <summary>max over steps of |bf16 − fp32| / |fp32|.</summary>
    public double MaxRelativeDifference { get; init; }
    /// <summary>Step with that largest difference.</summary>
    public int MaxRelativeDifferenceStep { get; init; }
    /// <summary>Mean loss of the first tenth of the steps, bf16.</summary>
    public double FirstMeanBf16 { get; init; }
    /// <summary>Mean loss of the last tenth, bf16.</summary>
    public double LastMeanBf16 { get; init; }
    /// <summary>Mean loss of the first tenth, fp32.</summary>
    public double FirstMeanFp32 { get; init; }
    /// <summary>Mean loss of the last tenth, fp32.</summary>
    public double LastMeanFp32 { get; init; }
    /// <summary>Teacher entropy at the last step, bf16 (nats; ln K is uniform).</summary>
    public double FinalTeacherEntropyBf16 { get; init; }
    /// <summary>Teacher entropy at the last step, fp32.</summary>
    public double FinalTeacherEntropyFp32 { get; init; }
    /// <summary>ln K for the head's K prototypes.</summary>
    public double LogPrototypes { get; init; }
    /// <summary>Both runs' last-tenth mean below their first-tenth mean.</summary>
    public bool BothDecrease { get; init; }
    /// <summary>|last-tenth mean bf16 − fp32| / fp32.</summary>
    public double FinalRelativeDifference { get; init; }
    /// <summary>Both decrease and the final relative difference is under 5%.</summary>
    public bool Agree { get; init; }
    /// <summary>Wall seconds of the bf16 run.</summary>
    public double SecondsBf16 { get; init; }
    /// <summary>Wall seconds of the fp32 run.</summary>
    public double SecondsFp32 { get; init; }
}

/// <summary>Everything one <c>gpu-check</c> process measured, and what failed.</summary>
public sealed record GpuCheckReport
{
    /// <summary>The process's tag (its result files are named by it).</summary>
    public required string Tag { get; init; }
    /// <summary>UTC start time.</summary>
    public required string StartedUtc { get; init; }
    /// <summary>The device string in force.</summary>
    public required string Device { get; init; }
    /// <summary>Whether the small <c>--quick</c> sizes were used.</summary>
    public bool Quick { get; init; }
    /// <summary>Environment (always measured).</summary>
    public EnvResult? Env { get; set; }
    /// <summary>Matmul ceilings (bf16 and fp32).</summary>
    public List<CeilingResult> Ceilings { get; init; } = [];
    /// <summary>Embedding throughputs.</summary>
    public List<EmbedResult> Embedding { get; init; } = [];
    /// <summary>Training-step throughputs.</summary>
    public List<TrainResult> Training { get; init; } = [];
    /// <summary>bf16-versus-fp32 run.</summary>
    public CompareResult? Compare { get; set; }
    /// <summary>One line per item that failed (the other items still ran).</summary>
    public List<string> Errors { get; init; } = [];
    /// <summary>Peak resident set of the process (Linux VmHWM).</summary>
    public long? PeakWorkingSetBytes { get; set; }
    /// <summary>Wall seconds of the whole process.</summary>
    public double WallSeconds { get; set; }

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>The report as indented JSON (NaN and infinities written as strings).</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Reads a report written by <see cref="ToJson"/>.</summary>
    public static GpuCheckReport FromJson(string json) => JsonSerializer.Deserialize<GpuCheckReport>(json, Json)
        ?? throw new InvalidDataException("The gpu-check report is empty.");

    /// <summary>The report as Markdown tables, one per section measured.</summary>
    public string ToMarkdown()
    {
        var c = CultureInfo.InvariantCulture;
        var s = new StringBuilder();
        s.AppendLine(string.Format(c, "## gpu-check `{0}` — device {1}{2}, started {3}, {4:F1} s", Tag, Device, Quick ? " (--quick)" : "", StartedUtc, WallSeconds));
        s.AppendLine();
        if (Env is { } e)
        {
            s.AppendLine(string.Format(c, "- runtime: {0}, {1} cores, torch threads {2}; TorchSharp {3} (built for libtorch {4})", e.Runtime, e.Cores, e.TorchThreads, e.TorchSharp, e.TorchSharpBuiltFor));
            s.AppendLine(string.Format(c, "- CUDA available: {0} ({1} device(s)){2}", e.CudaAvailable, e.CudaDevices,
                e.Gpu is { } g ? string.Format(c, "; {0}, {1:F1} GiB, driver API {2}", g.Name, g.TotalBytes / 1073741824.0, g.DriverVersion) : ""));
            if (e.ContextBytes is { } ctx) s.AppendLine("- device memory in use with the CUDA context only: " + ProcessMemory.Mib(ctx));
            s.AppendLine(string.Format(c, "- matmul check vs fp64: fp32 rel. error {0:E2}, bf16 {1:E2} → {2}", e.Fp32MatmulRelError, e.Bf16MatmulRelError, e.MatmulSane ? "sane" : "**WRONG**"));
            s.AppendLine("- native libraries mapped: " + (e.Libraries.Count == 0 ? "(none read)" : string.Join(", ", e.Libraries.Select(l => "`" + l + "`"))));
            s.AppendLine();
        }
        if (Ceilings.Count > 0)
        {
            s.AppendLine("| matmul ceiling | size | best of | rate |");
            s.AppendLine("|---|---:|---:|---:|");
            foreach (var r in Ceilings) s.AppendLine(string.Format(c, "| {0} | {1}² | {2} | {3} |", r.Dtype, r.Size, r.Repeats, Rate(r.Gflops)));
            s.AppendLine();
        }
        if (Embedding.Count > 0)
        {
            s.AppendLine("| embedding | path | dtype | px | batch | median s/batch | images/s | rate | % ceiling | device memory in use |");
            s.AppendLine("|---|---|---|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var r in Embedding)
                s.AppendLine(string.Format(c, "| {0} | {1} | {2} | {3} | {4} | {5:F4} | {6:F1} | {7} | {8} | {9} |", r.Model, r.Path, r.Dtype, r.ImageSize, r.Batch,
                    r.MedianSecondsPerBatch, r.ImagesPerSecond, Rate(r.Gflops), Pct(r.FractionOfCeiling), ProcessMemory.Mib(r.DeviceBytesInUse)));
            s.AppendLine();
        }
        if (Training.Count > 0)
        {
            s.AppendLine("| training step | arch | batch | precision | median s/step | images/s | GFLOP/step | rate | MFU (vs ceiling) | device memory in use | last loss |");
            s.AppendLine("|---|---|---:|---|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var r in Training)
                s.AppendLine(string.Format(c, "| {0} | {1} | {2} | {3} | {4:F4} | {5:F1} | {6:F1} | {7} | {8} ({9}) | {10} | {11:F4} |", r.Preset, r.Arch, r.Batch, r.Precision,
                    r.MedianSecondsPerStep, r.ImagesPerSecond, r.GflopPerStep, Rate(r.Gflops), Pct(r.Mfu), r.CeilingDtype, ProcessMemory.Mib(r.DeviceBytesInUse), r.LastLoss));
            s.AppendLine();
        }
        if (Compare is { } m)
        {
            s.AppendLine(string.Format(c, "bf16 vs fp32, tiny preset on synthetic cells, same seed and batches: {0} steps of batch {1} ({2:F1} s bf16, {3:F1} s fp32)", m.Steps, m.Batch, m.SecondsBf16, m.SecondsFp32));
            s.AppendLine();
            s.AppendLine("| run | loss, first tenth | loss, last tenth | decreases | final teacher entropy (ln K = " + m.LogPrototypes.ToString("F3", c) + ") |");
            s.AppendLine("|---|---:|---:|---|---:|");
            s.AppendLine(string.Format(c, "| bf16 | {0:F4} | {1:F4} | {2} | {3:F3} |", m.FirstMeanBf16, m.LastMeanBf16, m.LastMeanBf16 < m.FirstMeanBf16, m.FinalTeacherEntropyBf16));
            s.AppendLine(string.Format(c, "| fp32 | {0:F4} | {1:F4} | {2} | {3:F3} |", m.FirstMeanFp32, m.LastMeanFp32, m.LastMeanFp32 < m.FirstMeanFp32, m.FinalTeacherEntropyFp32));
            s.AppendLine();
            s.AppendLine(string.Format(c, "max relative loss difference {0:P2} (step {1}); last-tenth difference {2:P2}; verdict: {3}", m.MaxRelativeDifference,
                m.MaxRelativeDifferenceStep, m.FinalRelativeDifference, m.Agree ? "bf16 tracks fp32" : "**bf16 does not track fp32** (both must decrease, last tenths within 5%)"));
            s.AppendLine();
        }
        if (PeakWorkingSetBytes is { } ws) s.AppendLine("Peak resident set of the process: " + ProcessMemory.Mib(ws) + ".");
        s.AppendLine(Errors.Count == 0 ? "No item failed." : "Failed items:");
        foreach (var err in Errors) s.AppendLine("- " + err);
        return s.ToString();
    }

    private static string Pct(double? f) => f is { } v ? (100 * v).ToString("F1", CultureInfo.InvariantCulture) + "%" : "n/a";

    private static string Rate(double gflops) => gflops >= 1000
        ? (gflops / 1000).ToString("F1", CultureInfo.InvariantCulture) + " TFLOP/s"
        : gflops.ToString("F1", CultureInfo.InvariantCulture) + " GFLOP/s";
}
