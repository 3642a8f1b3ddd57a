using System.CommandLine;
using CellDino.Cli.Infrastructure;
using CellDino.Core;
using CellDino.Cli.Demo;

namespace CellDino.Cli.Commands;

/// <summary><c>celldino demo</c>: the main job end to end on synthetic cells.</summary>
internal static class DemoCommand
{
    public static Command Create(CliContext context)
    {
        var output = new Option<string>("--out") { Description = "Report folder.", DefaultValueFactory = _ => "celldino-demo" };
        var device = DeviceOption.Create();
        var iterations = new Option<int>("--iterations") { Description = "Pretraining iterations.", DefaultValueFactory = _ => new DemoOptions().Iterations };
        var trainImages = new Option<int>("--train-images") { Description = "Synthetic fields for pretraining and probe training.", DefaultValueFactory = _ => new DemoOptions().TrainImages };
        var seed = new Option<int>("--seed") { Description = "Seed of data, model and training.", DefaultValueFactory = _ => 0 };
        var set = new Option<string[]>("--set") { Description = "Override a pretraining config key, e.g. --set student.layerscale=1e-5 (see docs/training.md).", AllowMultipleArgumentsPerToken = false };
        var quick = new Option<bool>("--quick") { Description = "A run of under a minute (1,000 iterations, no low-shot curves) that still learns; its verdict says where it has not yet passed the random network." };
        var command = new Command("demo", "Generate synthetic cells, pretrain a small ViT with Cell-DINO, embed, evaluate localization and cell-line F1 " +
            "(kNN, linear probe) against a random-init ViT and raw pixels, and write report.md with pictures.\n\nExamples:\n  celldino demo\n  celldino demo --out my-report --device cuda --iterations 3000 --train-images 8192\n  celldino demo --quick")
        {
            output, device, iterations, trainImages, seed, set, quick,
        };
        command.SetAction(r => CliApp.Guard(context, () =>
        {
            var options = new DemoOptions
            {
                OutputDirectory = r.GetValue(output)!,
                Device = Devices.Parse(r.GetValue(device)),
                Iterations = r.GetValue(iterations),
                TrainImages = r.GetValue(trainImages),
                Seed = r.GetValue(seed),
                ConfigOverrides = r.GetValue(set) ?? [],
            };
            if (r.GetValue(quick)) options = options.Quick();
            var bars = new Dictionary<string, ConsoleProgress>();
            var result = DemoRunner.Run(options, new SyncProgress<DemoProgress>(p =>
            {
                if (!bars.TryGetValue(p.Stage, out var bar)) bars[p.Stage] = bar = new ConsoleProgress(context.Err, p.Stage.PadRight(9), p.Stage == "pretrain" ? "it" : "step", start: p.Done);
                if (p.Warning is not null) bar.Message($"celldino: warning: {p.Warning}");
                bar.Report(p.Done, p.Total, p.Detail);
            }), null, context.Token);
            context.Out.WriteLine();
            context.Out.WriteLine(result.Verdict.Sentence);
            context.Out.WriteLine();
            context.Out.WriteLine(result.Table);
            context.Out.WriteLine($"Pretraining loss {result.FirstLoss:F3} -> {result.LastLoss:F3}. Report: {Path.GetFullPath(result.ReportPath)}");
            return 0;
        }));
        return command;
    }
}
