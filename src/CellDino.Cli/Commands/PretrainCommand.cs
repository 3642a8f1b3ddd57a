using System.CommandLine;
using CellDino.Cli.Infrastructure;
using CellDino.Core;
using CellDino.Core.Training;
using CellDino.Core.Training.Config;
using CellDino.Data.Loading;

namespace CellDino.Cli.Commands;

/// <summary><c>celldino pretrain</c>: Cell-DINO self-distillation on a dataset.</summary>
internal static class PretrainCommand
{
    public static Command Create(CliContext context)
    {
        var data = new DatasetOptions();
        var config = new Option<string?>("--config") { Description = "Config file (YAML or JSON, DINOv2 ssl_default_config names); default: the --preset." };
        var preset = new Option<string>("--preset") { Description = "tiny (CPU, minutes), hpa-fov-vitl16, hpa-sc-vitl16, cp-vits8.", DefaultValueFactory = _ => "tiny" };
        preset.AcceptOnlyFromAmong([.. CellDinoConfig.PresetNames]);
        var set = new Option<string[]>("--set") { Description = "Override a config key, e.g. --set optim.epochs=5 --set train.batch_size_per_gpu=64.", AllowMultipleArgumentsPerToken = false };
        var output = new Option<string>("--out") { Description = "Output folder: checkpoint.safetensors, teacher_backbone.safetensors, training_log.csv, config.json.", Required = true };
        var resume = new Option<bool>("--resume") { Description = "Continue from <out>/checkpoint.safetensors (exactly where it stopped)." };
        var overwrite = new Option<bool>("--overwrite") { Description = "Replace the training run already in --out (its checkpoint, log, config and teacher) with a new one." };
        var device = DeviceOption.Create();
        var cropSize = new Option<int?>("--load-size") { Description = "Centre-crop every image to this side before multi-crop (default: the first image's shorter side)." };
        var command = new Command("pretrain", "Pretrain a ViT with Cell-DINO (DINO + iBOT + KoLeo, EMA teacher, cell multi-crop) on your images.\n\nExamples:\n" +
            "  celldino pretrain --data data/hpa --layout hpa-kaggle --preset tiny --out runs/tiny\n" +
            "  celldino pretrain --data data/hpa --config my.yaml --set optim.epochs=50 --device cuda --out runs/vitl\n" +
            "  celldino pretrain --data data/hpa --out runs/tiny --resume");
        data.AddTo(command);
        foreach (var o in new Option[] { config, preset, set, output, resume, overwrite, device, cropSize }) command.Options.Add(o);
        command.SetAction(r => CliApp.Guard(context, () =>
        {
            ThreadingPolicy.Apply(); // libtorch and the decoders share the cores without oversubscribing them
            var outDir = r.GetValue(output)!;
            var dev = Devices.Parse(r.GetValue(device));
            var options = new TrainerOptions { OutputDirectory = outDir, Device = dev };
            var checkpoint = Path.Combine(outDir, CellDinoTrainer.CheckpointFileName);
            CellDinoTrainer trainer;
            if (r.GetValue(resume))
            {
                if (!File.Exists(checkpoint)) throw new CliError($"--resume: {checkpoint} does not exist; run without --resume first.");
                if (r.GetValue(config) is not null || (r.GetValue(set)?.Length ?? 0) > 0)
                    throw new CliError("--resume continues the saved run with its saved configuration; --config and --set cannot change it (start a new --out instead).");
                trainer = CellDinoTrainer.Resume(checkpoint, options);
                context.Err.WriteLine($"Resuming at iteration {trainer.Iteration} of {trainer.TotalIterations}.");
            }
            else
            {
                var cfg = r.GetValue(config) is { } path ? CellDinoConfig.Load(path) : CellDinoConfig.Preset(r.GetValue(preset)!);
                cfg = cfg.WithOverrides(r.GetValue(set) ?? []);
                // A new run never mixes with an old one in the same folder.
                var existing = RunFiles.Where(f => File.Exists(Path.Combine(outDir, f))).ToList();
                if (existing.Count > 0 && !r.GetValue(overwrite))
                    throw new CliError($"--out {outDir} already holds a training run ({string.Join(", ", existing)}): continue it with --resume, " +
                        "choose another --out, or pass --overwrite to replace it.");
                trainer = new CellDinoTrainer(cfg, options);
            }
            using (trainer)
            {
                var dataset = data.Open(r, context.Err);
                if (!r.GetValue(resume))
                {
                    // Only now that the data opened: replace the old run's files, then record this run's config.
                    AtomicFile.CreateDirectory(outDir);
                    foreach (var f in RunFiles) File.Delete(Path.Combine(outDir, f));
                    Core.AtomicFile.WriteAllText(Path.Combine(outDir, "config.json"), trainer.Config.ToJson());
                }
                using var source = new LoaderImageSource(dataset, trainer.Config.Train.BatchSizePerGpu, trainer.Config.Train.Seed, r.GetValue(cropSize));
                using var log = TrainingLog.Open(Path.Combine(outDir, "training_log.csv"), trainer.Iteration);
                var bar = new ConsoleProgress(context.Err, "pretrain", "it");
                var progress = new SyncProgress<TrainingProgress>(p =>
                {
                    log.Append(p);
                    if (p.Collapse is { } collapse) bar.Message($"celldino: warning: {collapse.Message}");
                    bar.Report(p.Iteration + 1, p.TotalIterations, $"loss {p.Loss:F4} {p.Health?.Summary()} {p.ImagesPerSecond:F0} img/s");
                });
                trainer.Train(source, progress, context.Token);
                var export = Path.Combine(outDir, "teacher_backbone.safetensors");
                trainer.ExportTeacherBackbone(export);
                context.Out.WriteLine($"Trained to iteration {trainer.Iteration}. Teacher backbone (DINOv2 key names): {export}");
            }
            return 0;
        }));
        return command;
    }

    /// <summary>The files of a training run in its folder.</summary>
    private static readonly string[] RunFiles = [CellDinoTrainer.CheckpointFileName, "training_log.csv", "config.json", "teacher_backbone.safetensors"];

}
