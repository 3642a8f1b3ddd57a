using System.Diagnostics;
using System.Globalization;
using CellDino.Benchmarks.Infrastructure;
using CellDino.Benchmarks.Suites;
using CellDino.Core.Models;
using CellDino.Core.Training;
using CellDino.Eval.Embedding;
using static TorchSharp.torch;

namespace CellDino.Benchmarks.Modes;

/// <summary>
/// Long loops that must not grow: trainer steps on the tiny preset, and embedding many images with a tiny ViT.
/// Prints the process working set (VmRSS), its peak (VmHWM) and the managed heap at checkpoints.
/// </summary>
public static class MemorySoak
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    /// <summary><c>memory-soak [steps=200]</c>: tiny-preset trainer steps on a fixed raw batch.</summary>
    public static int RunTraining(string[] args)
    {
        int steps = args.Length > 0 ? int.Parse(args[0], C) : 200;
        var config = Presets.Training(Presets.Tiny);
        using var trainer = new CellDinoTrainer(config, new TrainerOptions { Device = CPU });
        using var raw = BenchData.RawImages(config.Train.BatchSizePerGpu, config.Student.InChans, Presets.RawSize(Presets.Tiny), seed: 3);
        const int warmup = 10;
        for (int i = 0; i < warmup; i++) trainer.Step(raw, i, 65535);
        Header($"memory-soak: {steps} tiny-preset steps (batch {config.Train.BatchSizePerGpu}) after {warmup} warm-up steps");
        Row(0, null);
        var sw = Stopwatch.StartNew();
        int every = Math.Max(1, steps / 5);
        for (int i = 1; i <= steps; i++)
        {
            trainer.Step(raw, (warmup + i) % trainer.TotalIterations, 65535);
            if (i % every == 0 || i == steps) Row(i, sw.Elapsed.TotalSeconds);
        }
        return 0;
    }

    /// <summary><c>embed-soak [images=100000]</c>: class-token embedding of random 32 px images with a vit_micro backbone, batch 256.</summary>
    public static int RunEmbedding(string[] args)
    {
        int images = args.Length > 0 ? int.Parse(args[0], C) : 100_000;
        const int batch = 256;
        using var model = new VisionTransformer(VitConfig.Tiny(8, 4, 32) with { Depth = 4, NumHeads = 4 }, seed: 0);
        var embedder = new Embedder(model, new EmbedderOptions { Device = CPU, BatchSize = batch });
        using (var x = rand(batch, 4, 32, 32)) embedder.Embed(x).Dispose();
        Header($"embed-soak: {images} images of 4×32×32 through vit_micro, batch {batch}");
        Row(0, null);
        var sw = Stopwatch.StartNew();
        int batches = (images + batch - 1) / batch, every = Math.Max(1, batches / 5);
        var sink = new float[embedder.Dim];
        for (int b = 1; b <= batches; b++)
        {
            using (var scope = NewDisposeScope())
            {
                var x = rand(batch, 4, 32, 32);
                using var f = embedder.Embed(x);
                f[0].data<float>().CopyTo(sink);
            }
            if (b % every == 0 || b == batches) Row(Math.Min(b * batch, images), sw.Elapsed.TotalSeconds);
        }
        return 0;
    }

    private static void Header(string title)
    {
        Console.WriteLine("# " + title);
        Console.WriteLine("| done | seconds | working set | peak working set | managed heap |");
        Console.WriteLine("|---:|---:|---:|---:|---:|");
    }

    private static void Row(int done, double? seconds)
    {
        int pid = Environment.ProcessId;
        Console.WriteLine(string.Format(C, "| {0} | {1} | {2} | {3} | {4} |", done, seconds is { } s ? s.ToString("F1", C) : "-",
            ProcessMemory.Mib(ProcessMemory.WorkingSet(pid)), ProcessMemory.Mib(ProcessMemory.PeakWorkingSet(pid)),
            ProcessMemory.Mib(GC.GetTotalMemory(false))));
    }
}
