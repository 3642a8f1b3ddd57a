using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using CellDino.Benchmarks.Flops;
using CellDino.Benchmarks.Infrastructure;
using CellDino.Benchmarks.Suites;
using CellDino.Core;
using CellDino.Core.Training;
using static TorchSharp.torch;

namespace CellDino.Benchmarks.Modes;

/// <summary>
/// <c>step [tiny-ref|tiny|vit_s16] [reps=20] [threads=2] [warmup=1]</c>: the CellDino side of <c>ref_perf.py step</c> — the
/// whole <see cref="CellDinoTrainer.Step"/> (schedules, multi-crop, masks, teacher, student, losses, backward, clipping,
/// AdamW, EMA, centers, the one host read of the logged values) on one fixed batch of 16-bit-range raw fields, inside the
/// no-GC region <see cref="CellDinoTrainer.Train"/> uses; ms per step as one JSON line with the process's sgemm ceiling.
/// </summary>
public static class StepTimer
{
    public static int Run(string[] args)
    {
        var c = CultureInfo.InvariantCulture;
        string preset = args.Length > 0 ? args[0] : Presets.TinyReference;
        int reps = args.Length > 1 ? int.Parse(args[1], c) : 20;
        if (args.Length > 2) set_num_threads(int.Parse(args[2], c));
        int warmup = args.Length > 3 ? int.Parse(args[3], c) : 1;
        bool noGcRegion = args.Length <= 4 || args[4] != "gc"; // "gc": without the no-GC region, to measure what it costs
        var config = Presets.Training(preset);
        int b = config.Train.BatchSizePerGpu, raw = Presets.RawSize(preset);
        // The reference's batch: uniform 800..20800 counts, rounded (its `(rand * 20000 + 800).round()`).
        using var images = (rand([b, config.Student.InChans, raw, raw], generator: new Generator(3)) * 20000 + 800).round();
        using var trainer = new CellDinoTrainer(config, new TrainerOptions { Device = CPU });
        double ceiling = MatmulCeiling.Measure();
        long it = 0;
        void Step()
        {
            using var region = noGcRegion ? NoGcRegion.Begin() : default;
            var report = trainer.Step(images, it++, 65535);
            if (!double.IsFinite(report.Loss)) throw new InvalidOperationException($"non-finite loss at step {it}");
        }
        for (int i = 0; i < warmup; i++) Step();
        var ms = new double[reps];
        for (int i = 0; i < reps; i++)
        {
            var sw = Stopwatch.StartNew();
            Step();
            ms[i] = sw.Elapsed.TotalMilliseconds;
        }
        var sorted = ms.Order().ToArray();
        Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["side"] = "celldino", ["case"] = "step_" + preset, ["ms"] = ms, ["median_ms"] = sorted[reps / 2], ["ceiling"] = ceiling,
            ["threads"] = get_num_threads(), ["batch"] = b, ["load1"] = MachineLoad.OneMinute(),
        }));
        return 0;
    }
}
