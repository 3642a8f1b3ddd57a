using System.CommandLine;
using CellDino.Data.Synthetic;

namespace CellDino.Cli.Commands;

/// <summary><c>celldino synth</c>: writes a synthetic dataset in a real on-disk layout.</summary>
internal static class SynthCommand
{
    public static Command Create(CliContext context)
    {
        var layout = new Option<string>("--layout") { Description = "hpa (Kaggle HPA PNGs + train.csv + masks) or cellpainting (16-bit TIFFs + LoadData CSV + plate map).", DefaultValueFactory = _ => "hpa" };
        layout.AcceptOnlyFromAmong([.. SyntheticDatasetWriter.Layouts.Names]);
        var count = new Option<int>("--count") { Description = "Number of fields of view.", DefaultValueFactory = _ => 200 };
        var size = new Option<int>("--size") { Description = "Field side in pixels.", DefaultValueFactory = _ => 128 };
        var seed = new Option<int>("--seed") { Description = "Random seed (the same seed gives the same images).", DefaultValueFactory = _ => 0 };
        var bitDepth = new Option<int>("--bit-depth") { Description = "PNG bit depth for the HPA layout: 8 or 16.", DefaultValueFactory = _ => 8 };
        var output = new Option<string>("--out") { Description = "Output folder.", Required = true };
        var command = new Command("synth", "Write a synthetic cell dataset (known localization classes, cell lines, treatments, batch effects) in the HPA or Cell Painting layout.\n\nExamples:\n  celldino synth --layout hpa --count 500 --out data/hpa\n  celldino synth --layout cellpainting --count 96 --size 256 --out data/cp")
        {
            layout, count, size, seed, bitDepth, output,
        };
        command.SetAction(r => CliApp.Guard(context, () =>
        {
            var kind = SyntheticDatasetWriter.Layouts.Parse(r.GetValue(layout)!);
            int n = r.GetValue(count), s = r.GetValue(size);
            if (n < 1) throw new ArgumentException($"--count must be at least 1, got {n}.");
            if (s < 32) throw new ArgumentException($"--size must be at least 32 pixels, got {s}.");
            var root = r.GetValue(output)!;
            context.Token.ThrowIfCancellationRequested();
            SyntheticDatasetWriter.Write(new SyntheticConfig { Kind = kind, Seed = r.GetValue(seed), Height = s, Width = s }, n, root, r.GetValue(bitDepth));
            context.Out.WriteLine($"Wrote {n} synthetic {SyntheticDatasetWriter.Layouts.Describe(kind)} to {Path.GetFullPath(root)}");
            return 0;
        }));
        return command;
    }
}
