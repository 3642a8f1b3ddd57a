using System.Globalization;
using CellDino.Benchmarks.Flops;
using CellDino.Benchmarks.Suites;
using CellDino.Core.Models;

namespace CellDino.Benchmarks.Modes;

/// <summary><c>flops</c>: prints the counted FLOPs of every benchmarked model step (the docs/benchmarks.md table).</summary>
public static class FlopTable
{
    public static int Run()
    {
        var c = CultureInfo.InvariantCulture;
        Console.WriteLine("| model step | GFLOP |");
        Console.WriteLine("|---|---:|");
        foreach (var (name, vit) in new[] { ("ViT-S/16", VitConfig.Small(16, 4, 224)), ("ViT-L/16", VitConfig.Large(16, 4, 224)) })
        {
            Console.WriteLine(string.Format(c, "| {0} forward, 224 px, per image | {1:F2} |", name, VitFlops.BackboneForward(vit, 224) / 1e9));
            Console.WriteLine(string.Format(c, "| {0} forward, 96 px, per image | {1:F3} |", name, VitFlops.BackboneForward(vit, 96) / 1e9));
        }
        foreach (var preset in new[] { Presets.Tiny, Presets.VitS16 })
        {
            var config = Presets.Training(preset);
            int b = config.Train.BatchSizePerGpu;
            Console.WriteLine(string.Format(c, "| {0} step, batch {1}: student forward | {2:F2} |", preset, b, VitFlops.StudentForward(config, b) / 1e9));
            Console.WriteLine(string.Format(c, "| {0} step, batch {1}: teacher forward | {2:F2} |", preset, b, VitFlops.TeacherForward(config, b) / 1e9));
            Console.WriteLine(string.Format(c, "| {0} step, batch {1}: whole step (3·student + teacher) | {2:F2} |", preset, b, VitFlops.TrainingStep(config, b) / 1e9));
        }
        return 0;
    }
}
