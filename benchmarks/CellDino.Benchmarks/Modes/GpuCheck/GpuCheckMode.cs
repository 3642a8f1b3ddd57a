using System.Diagnostics;
using System.Globalization;
using CellDino.Benchmarks.Infrastructure;
using CellDino.Core;
using static TorchSharp.torch;

namespace CellDino.Benchmarks.Modes.GpuCheck;

/// <summary>
/// <c>gpu-check</c>: the measurements a lent GPU is for (docs/gpu.md): environment and loaded libraries, the bf16 and
/// fp32 matmul ceilings, embedding throughput, the training step with its MFU, and a bf16-versus-fp32 run. Each item
/// that fails is recorded as one line and the others still run. <c>scripts/gpu-check.sh</c> runs each section in its own
/// process, so that the device memory one holds is not inflated by what an earlier one cached.
/// </summary>
public static class GpuCheckMode
{
    /// <summary>Every item ran.</summary>
    public const int Ok = 0;

    /// <summary>At least one item failed (its error is in the report); the others ran.</summary>
    public const int ItemFailed = 1;

    /// <summary>A bad argument (one line names it).</summary>
    public const int BadArguments = 2;

    /// <summary>The native libraries could not be loaded or the device is not available (one line says why).</summary>
    public const int NoBackend = 3;

    /// <summary>Runs the mode with the arguments after its name; returns one of the exit codes above.</summary>
    public static int Run(string[] args)
    {
        if (args.Contains("--help"))
        {
            Console.WriteLine(GpuCheckOptions.Usage);
            return Ok;
        }
        GpuCheckOptions options;
        try { options = GpuCheckOptions.Parse(args); }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine(e.Message);
            return BadArguments;
        }

        Device device;
        try
        {
            TorchRuntime.EnsureLoaded();
            device = Devices.Parse(options.Device);
        }
        catch (Exception e) when (e is TorchRuntimeException or ArgumentException)
        {
            Console.Error.WriteLine($"gpu-check: {e.Message}");
            return NoBackend;
        }

        var clock = Stopwatch.StartNew();
        var report = new GpuCheckReport
        {
            Tag = options.Tag, Device = device.ToString(), Quick = options.Quick,
            StartedUtc = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
        };
        var m = new GpuMeasurements(options, device);
        Say($"device {device}, sections {string.Join(",", options.Sections)}");
        // The environment (and its matmul check) is always measured: every result file must say what it ran on.
        Item(report, "env", () => report.Env = m.Environment());
        // MFU and % ceiling need the ceilings of this process; they are cheap next to what they qualify.
        bool needCeilings = options.Sections.Any(s => s is "ceiling" or "embed" or "train");
        if (needCeilings)
            foreach (var dtype in new[] { ScalarType.BFloat16, ScalarType.Float32 })
                Item(report, $"ceiling {dtype}", () => report.Ceilings.Add(m.Ceiling(dtype)));
        if (options.Sections.Contains("embed"))
            foreach (var model in options.EmbedModels)
                Item(report, $"embed {model}", () => report.Embedding.AddRange(m.Embedding(model)));
        if (options.Sections.Contains("train"))
            foreach (var c in options.TrainCases)
                foreach (var p in options.TrainPrecisions)
                    Item(report, $"train {c} {p}", () => report.Training.Add(m.TrainingStep(c, p)));
        if (options.Sections.Contains("compare"))
            Item(report, "compare", () => report.Compare = m.Compare());
        report.PeakWorkingSetBytes = ProcessMemory.PeakWorkingSet(Environment.ProcessId);
        report.WallSeconds = clock.Elapsed.TotalSeconds;

        var markdown = report.ToMarkdown();
        Console.WriteLine(markdown);
        if (options.OutDirectory is { } dir)
        {
            AtomicFile.CreateDirectory(dir);
            AtomicFile.WriteAllText(Path.Combine(dir, $"gpu-check-{options.Tag}.json"), report.ToJson());
            AtomicFile.WriteAllText(Path.Combine(dir, $"gpu-check-{options.Tag}.md"), markdown);
        }
        return report.Errors.Count == 0 ? Ok : ItemFailed;
    }

    private static void Item(GpuCheckReport report, string name, Action run)
    {
        var sw = Stopwatch.StartNew();
        Say(name + " ...");
        try
        {
            run();
            Say(string.Format(CultureInfo.InvariantCulture, "{0}: done in {1:F1} s", name, sw.Elapsed.TotalSeconds));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // One line per failure: the first line of the message (CUDA OOM and loader errors are long).
            var line = $"{name}: {e.GetType().Name}: {e.Message.Split('\n')[0].Trim()}";
            report.Errors.Add(line);
            Console.Error.WriteLine("gpu-check: " + line);
        }
    }

    // Time-stamped progress on stderr, so a script can line it up with nvidia-smi samples.
    private static void Say(string text) =>
        Console.Error.WriteLine($"[{DateTime.UtcNow.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture)}] gpu-check: {text}");
}
