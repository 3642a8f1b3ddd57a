using System.Diagnostics;
using CellDino.Core;
using CellDino.Core.Models;
using CellDino.Core.Training;
using CellDino.Core.Training.Config;
using CellDino.Data.Samples;
using CellDino.Data.Synthetic;
using CellDino.Data.Loading;
using CellDino.Eval.Embedding;
using CellDino.Eval.Probes;
using CellDino.Eval.Protocols;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CellDino.Cli.Demo;

/// <summary>
/// The main job end to end on the embedded default: generate synthetic HPA-like fields, pretrain a small ViT with
/// Cell-DINO, embed, and evaluate protein localization and cell line with kNN and the linear probe against two baselines
/// run the same way (the same ViT at random initialization, and raw pixels / intensity statistics); write a report.
/// </summary>
internal static class DemoRunner
{
    /// <summary>Feature names in the report.</summary>
    public const string CellDino = "Cell-DINO", RandomInit = "random-init ViT", RawPixels = "raw pixels";

    /// <summary>Runs the demo and writes <c>report.md</c> with its pictures into <see cref="DemoOptions.OutputDirectory"/>.</summary>
    public static DemoResult Run(DemoOptions? options = null, IProgress<DemoProgress>? progress = null, ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        options ??= new DemoOptions();
        options.Validate();
        logger ??= NullLogger.Instance;
        TorchRuntime.EnsureLoaded();
        var device = options.Device ?? Devices.Default();
        int threads = ThreadingPolicy.Apply(options.TorchThreads);
        try
        {
            return RunCore(options, device, progress, logger, cancellationToken);
        }
        finally
        {
            TorchSharp.torch.set_num_threads(threads);
        }
    }

    private static DemoResult RunCore(DemoOptions options, TorchSharp.torch.Device device, IProgress<DemoProgress>? progress, ILogger logger, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        AtomicFile.CreateDirectory(options.OutputDirectory);

        // 1. Data: one synthetic source, split into disjoint train / validation / test fields.
        progress?.Report(new DemoProgress("generate", 0, 1));
        var all = new SyntheticDataset(new SyntheticConfig { Seed = options.Seed, Height = options.ImageSize, Width = options.ImageSize },
            options.TrainImages + options.ValidationImages + options.TestImages);
        var train = DatasetSubset.Range(all, 0, options.TrainImages);
        var validation = DatasetSubset.Range(all, options.TrainImages, options.ValidationImages);
        var test = DatasetSubset.Range(all, options.TrainImages + options.ValidationImages, options.TestImages);

        // 2. Pretrain a tiny ViT with Cell-DINO on the training fields (labels unused).
        var config = TrainingConfig(options);
        var losses = new List<TrainingProgress>();
        // The demo folder is one training run (config, checkpoint, log, teacher) plus the report; a new demo replaces the old run.
        using var run = TrainingRun.Create(options.OutputDirectory, config, new TrainerOptions { Device = device, Logger = logger }, overwrite: true);
        var trainer = run.Trainer;
        using (var source = new LoaderImageSource(train, config.Train.BatchSizePerGpu, config.Train.Seed))
        {
            run.Train(source, new InlineProgress<TrainingProgress>(p =>
            {
                losses.Add(p);
                progress?.Report(new DemoProgress("pretrain", p.Iteration + 1, p.TotalIterations, $"loss {p.Loss:F3} {p.Health?.Summary()}, {p.ImagesPerSecond:F0} img/s",
                    p.Collapse?.Message));
            }), cancellationToken);
        }

        // 3. Embeddings: the teacher, the same architecture at random initialization, raw pixels.
        // LayerScale 1 (the released models' hub value): at the training init 1e-5 every block is nearly the identity and a
        // random network maps all images to almost the same vector, which would make the baseline a strawman.
        using var randomVit = new VisionTransformer(trainer.TeacherBackbone.Config with { LayerScaleInit = 1.0 }, options.Seed + 1000);
        var embedded = new Dictionary<string, (EmbeddingSet Train, EmbeddingSet Validation, EmbeddingSet Test)>();
        foreach (var (name, vit) in new[] { (CellDino, trainer.TeacherBackbone), (RandomInit, randomVit) })
        {
            var embedder = new Embedder(vit, new EmbedderOptions { Device = device, BatchSize = 64 });
            progress?.Report(new DemoProgress("embed", 0, 1, name));
            embedded[name] = (embedder.EmbedDataset(train, null, cancellationToken), embedder.EmbedDataset(validation, null, cancellationToken), embedder.EmbedDataset(test, null, cancellationToken));
        }
        embedded[RawPixels] = (RawPixelFeatures.Extract(train, cancellationToken: cancellationToken), RawPixelFeatures.Extract(validation, cancellationToken: cancellationToken),
            RawPixelFeatures.Extract(test, cancellationToken: cancellationToken));

        // 4. Evaluate every feature set the same way.
        var tasks = new[]
        {
            EvaluationTask.Localization(all.ClassNames),
            EvaluationTask.CellLine(Enumerable.Range(0, all.Count).Select(all.GetMetadata)),
        };
        var scores = new List<ProtocolScore>();
        int step = 0, steps = tasks.Length * embedded.Count;
        foreach (var task in tasks)
            foreach (var (name, sets) in embedded)
            {
                cancellationToken.ThrowIfCancellationRequested();
                progress?.Report(new DemoProgress("evaluate", step++, steps, $"{task.Name}, {name}"));
                scores.AddRange(Classification.Knn(sets.Train, sets.Test, task, name, [1, 10]));
                scores.Add(Classification.Linear(sets.Train, sets.Validation, sets.Test, task, name, new LinearProbeOptions { Seed = options.Seed, Device = device }));
            }
        var lowShot = new Dictionary<string, IReadOnlyList<LowShotCurve>>();
        if (options.LowShot)
            foreach (var (name, sets) in embedded)
            {
                progress?.Report(new DemoProgress("low-shot", lowShot.Count, embedded.Count, name));
                lowShot[name] = Classification.LowShotLinear(sets.Train, sets.Validation, sets.Test, tasks[0],
                    new LowShotOptions { Fractions = [0.01, 0.05, 0.1, 0.25, 1.0], Seeds = [0, 1] },
                    new LinearProbeOptions { Seed = options.Seed, Device = device, Epochs = 20 });
            }

        // 5. Report.
        progress?.Report(new DemoProgress("report", 0, 1));
        var result = DemoReport.Write(options, config, trainer, embedded, scores, losses, lowShot, test, clock.Elapsed);
        logger.LogInformation("Demo finished in {Seconds:F0} s: {Report}", clock.Elapsed.TotalSeconds, result.ReportPath);
        return result;
    }

    /// <summary>
    /// The configuration the demo trains: the tiny preset (<see cref="CellDinoConfig.Tiny"/>) with its epochs laid over
    /// <see cref="DemoOptions.Iterations"/>, the demo's batch and seed, then <see cref="DemoOptions.ConfigOverrides"/>.
    /// </summary>
    public static CellDinoConfig TrainingConfig(DemoOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var tiny = CellDinoConfig.Tiny(inChans: 4);
        // Keep the preset's schedule shape (its epochs and warm-ups) and stretch the epoch length over the iterations.
        int epochs = Math.Min(tiny.Optim.Epochs, options.Iterations);
        var config = tiny with
        {
            Train = tiny.Train with { BatchSizePerGpu = options.BatchSize, OfficialEpochLength = Math.Max(1, options.Iterations / epochs), Seed = options.Seed, SaveckpFreq = 0 },
            Optim = tiny.Optim with { Epochs = epochs, WarmupEpochs = Math.Min(tiny.Optim.WarmupEpochs, epochs) },
            Teacher = tiny.Teacher with { WarmupTeacherTempEpochs = Math.Min(tiny.Teacher.WarmupTeacherTempEpochs, epochs) },
        };
        return options.ConfigOverrides.Count == 0 ? config.Validate() : config.WithOverrides(options.ConfigOverrides);
    }

    private sealed class InlineProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
