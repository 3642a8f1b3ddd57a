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
        var output = new Option<string>("--out") { Description = $"Run folder: {string.Join(", ", TrainingRun.FileNames)}.", Required = true };
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
            var options = new TrainerOptions { Device = Devices.Parse(r.GetValue(device)) };
            TrainingRun run;
            if (r.GetValue(resume))
            {
                if (r.GetValue(config) is not null || (r.GetValue(set)?.Length ?? 0) > 0)
                    throw new CliError("--resume continues the saved run with its saved configuration; --config and --set cannot change it (start a new --out instead).");
                run = TrainingRun.Resume(outDir, options);
                context.Err.WriteLine($"Resuming at iteration {run.Trainer.Iteration} of {run.Trainer.TotalIterations}.");
            }
            else
            {
                var cfg = r.GetValue(config) is { } path ? CellDinoConfig.Load(path) : CellDinoConfig.Preset(r.GetValue(preset)!);
                run = TrainingRun.Create(outDir, cfg.WithOverrides(r.GetValue(set) ?? []), options, r.GetValue(overwrite));
            }
            using (run)
            {
                var dataset = data.Open(r, context.Err);
                using var source = new LoaderImageSource(dataset, run.Trainer.Config.Train.BatchSizePerGpu, run.Trainer.Config.Train.Seed, r.GetValue(cropSize));
                var bar = new ConsoleProgress(context.Err, "pretrain", "it", start: run.Trainer.Iteration);
                run.Train(source, new SyncProgress<TrainingProgress>(p =>
                {
                    if (p.Collapse is { } collapse) bar.Message($"celldino: warning: {collapse.Message}");
                    bar.Report(p.Iteration + 1, p.TotalIterations, $"loss {p.Loss:F4} {p.Health?.Summary()} {p.ImagesPerSecond:F0} img/s");
                }), context.Token);
                context.Out.WriteLine($"Trained to iteration {run.Trainer.Iteration}. Teacher backbone (DINOv2 key names): {run.TeacherPath}");
            }
            return 0;
        }));
        return command;
    }
}
