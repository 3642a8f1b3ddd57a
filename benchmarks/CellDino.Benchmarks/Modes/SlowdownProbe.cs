using System.Diagnostics;
using System.Globalization;
using CellDino.Benchmarks.Suites;
using CellDino.Core.Training;
using static TorchSharp.torch;

namespace CellDino.Benchmarks.Modes;

/// <summary>
/// <c>slowdown-probe [steps=30]</c>: tiny-preset step times, with the number of subnormal float32 values in the
/// student's and teacher's parameters and the student's gradients, to test whether subnormals explain the
/// slowdown the memory soak shows.
/// </summary>
public static class SlowdownProbe
{
    public static int Run(string[] args)
    {
        var c = CultureInfo.InvariantCulture;
        int steps = args.Length > 0 ? int.Parse(args[0], c) : 30;
        var config = Presets.Training(Presets.Tiny);
        using var trainer = new CellDinoTrainer(config, new TrainerOptions { Device = CPU });
        using var raw = BenchData.RawImages(config.Train.BatchSizePerGpu, config.Student.InChans, Presets.RawSize(Presets.Tiny), seed: 3);
        Console.WriteLine("| step | ms | subnormal student params | subnormal teacher params | subnormal student grads |");
        Console.WriteLine("|---:|---:|---:|---:|---:|");
        for (int i = 0; i < steps; i++)
        {
            var sw = Stopwatch.StartNew();
            trainer.Step(raw, i, 65535);
            double ms = sw.Elapsed.TotalMilliseconds;
            var student = trainer.StudentBackbone.parameters().Concat(trainer.StudentHead.parameters()).ToList();
            long sp = student.Sum(p => Subnormal(p));
            long tp = trainer.TeacherBackbone.parameters().Concat(trainer.TeacherHead.parameters()).Sum(p => Subnormal(p));
            long sg = student.Sum(p => p.grad is { } g ? Subnormal(g) : 0);
            Console.WriteLine(string.Format(c, "| {0} | {1:F0} | {2} | {3} | {4} |", i, ms, sp, tp, sg));
        }
        return 0;
    }

    private static long Subnormal(Tensor t)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var a = t.detach().abs();
        return (a.lt(1.17549435e-38f) & a.gt(0)).sum().item<long>();
    }
}
