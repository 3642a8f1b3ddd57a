using System.Diagnostics;
using System.Globalization;
using CellDino.Benchmarks.Flops;
using CellDino.Benchmarks.Suites;
using CellDino.Core.Augmentation;
using CellDino.Core.Losses;
using CellDino.Core.Training;
using CellDino.Core.Training.Config;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CellDino.Benchmarks.Modes;

/// <summary>
/// <c>profile-step [preset=tiny] [steps=20]</c>: a stopwatch breakdown of the training step. The phases are replayed
/// with the public pieces the trainer is built from (same modules, losses and order as <see cref="CellDinoTrainer.Step"/>);
/// AdamW and the EMA are internal to the trainer, so they are timed as equivalent flat elementwise ops, and the
/// full <see cref="CellDinoTrainer.Step"/> is timed alongside for the total.
/// </summary>
public static class StepProfiler
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;
    private static readonly string[] Phases = ["augmentation", "ibot masks", "teacher forward + targets", "student forward", "losses", "backward", "grad gather + clip", "AdamW + EMA (flat equiv.)", "dispose scope (graph, temporaries)"];

    public static int Run(string[] args)
    {
        string preset = args.Length > 0 ? args[0] : Presets.Tiny;
        int steps = args.Length > 1 ? int.Parse(args[1], C) : 20;
        int warmup = Math.Max(1, steps / 5);
        var config = Presets.Training(preset);
        int b = config.Train.BatchSizePerGpu;
        using var raw = BenchData.RawImages(b, config.Student.InChans, Presets.RawSize(preset), seed: 3);

        // The real step and the replay alternate, so that load from other processes hits both alike.
        using var real = new CellDinoTrainer(config, new TrainerOptions { Device = CPU });
        double stepSeconds = 0;
        // Breakdown: a second trainer's modules, driven phase by phase.
        using var t = new CellDinoTrainer(config, new TrainerOptions { Device = CPU });
        var totals = new double[Phases.Length];
        using var dino = new DinoLoss(config.Dino.HeadNPrototypes);
        using var ibotLoss = new IbotPatchLoss(config.Dino.HeadNPrototypes);
        using var koleo = new KoLeoLoss();
        var collator = new IbotMaskCollator(MaskingGenerator.ForTraining(config.Crops.GlobalCropsSize, config.Student.PatchSize),
            config.Ibot.MaskSampleProbability, config.Ibot.MaskRatioMinMax[0], config.Ibot.MaskRatioMinMax[1]);
        var aug = new MultiCropAugmentation(config.Crops, 65535);
        var parameters = t.StudentBackbone.parameters().Concat(t.StudentHead.parameters()).ToArray();
        long numel = parameters.Sum(p => p.numel());
        using var flatParam = zeros(numel);
        using var flatTeacher = zeros(numel);
        using var expAvg = zeros(numel);
        using var expAvgSq = zeros(numel);
        for (int i = 0; i < warmup + steps; i++)
        {
            var clock = Stopwatch.StartNew();
            real.Step(raw, i, 65535);
            if (i >= warmup) stepSeconds += clock.Elapsed.TotalSeconds / steps;
            clock.Restart();
            var times = ProfileOne(t, config, raw, dino, ibotLoss, koleo, collator, aug, parameters, flatParam, flatTeacher, expAvg, expAvgSq, seed: i);
            times[^1] = clock.Elapsed.TotalSeconds - times.Sum();
            if (i >= warmup)
                for (int k = 0; k < totals.Length; k++) totals[k] += times[k];
        }
        double flops = VitFlops.TrainingStep(config, b);
        double sum = totals.Sum() / steps;
        Console.WriteLine($"# profile-step: preset {preset}, batch {b}, {steps} steps after {warmup} warm-up, torch threads {torch.get_num_threads()}");
        Console.WriteLine(string.Format(C, "CellDinoTrainer.Step: {0:F1} ms/step = {1:F1} images/s, {2:F2} GFLOP/step counted, {3:F1} GFLOP/s", stepSeconds * 1e3, b / stepSeconds, flops / 1e9, flops / stepSeconds / 1e9));
        Console.WriteLine("| phase | ms/step | share of replayed step |");
        Console.WriteLine("|---|---:|---:|");
        for (int k = 0; k < Phases.Length; k++)
            Console.WriteLine(string.Format(C, "| {0} | {1:F2} | {2:F1}% |", Phases[k], totals[k] / steps * 1e3, 100 * totals[k] / steps / sum));
        Console.WriteLine(string.Format(C, "| **replayed total** | {0:F2} | 100% |", sum * 1e3));
        return 0;
    }

    private static double[] ProfileOne(CellDinoTrainer t, CellDinoConfig config, Tensor raw, DinoLoss dino, IbotPatchLoss ibotLoss, KoLeoLoss koleo,
        IbotMaskCollator collator, MultiCropAugmentation aug, Parameter[] parameters, Tensor flatParam, Tensor flatTeacher, Tensor expAvg, Tensor expAvgSq, int seed)
    {
        var times = new double[Phases.Length];
        var sw = Stopwatch.StartNew();
        void Lap(int phase)
        {
            times[phase] = sw.Elapsed.TotalSeconds;
            sw.Restart();
        }
        using var scope = NewDisposeScope();
        int b = (int)raw.shape[0], nLocal = config.Crops.LocalCropsNumber;
        using var generator = new Generator((ulong)seed + 1);
        var crops = aug.Apply(raw.to(ScalarType.Float32), generator);
        Lap(0);
        var masks = collator.Collate(2 * b, new Random(seed), CPU);
        bool ibot = masks.MaskIndices.numel() > 0;
        Lap(1);
        TeacherTargets targets;
        using (no_grad())
        {
            var f = t.TeacherBackbone.ForwardFeatures(crops.GlobalCrops);
            var cls = SslLossCombination.SwapGlobalCrops(f.ClsToken);
            var headIn = ibot ? cat([cls, f.PatchTokens.flatten(0, 1).index_select(0, masks.MaskIndices)], 0) : cls;
            var o = t.TeacherHead.forward(headIn);
            targets = SslLossCombination.ComputeTeacherTargets(dino, ibot ? ibotLoss : null, TeacherNormalization.Centering,
                o[..(2 * b)], ibot ? o[(2 * b)..] : null, 0.04);
        }
        Lap(2);
        var s = t.StudentBackbone.ForwardFeatures(crops.GlobalCrops, ibot ? masks.Masks : null);
        var sHeadIn = ibot ? cat([s.ClsToken, s.PatchTokens.flatten(0, 1).index_select(0, masks.MaskIndices)], 0) : s.ClsToken;
        var sOut = t.StudentHead.forward(sHeadIn);
        var sLocal = nLocal > 0 ? t.StudentHead.forward(t.StudentBackbone.ForwardFeatures(crops.LocalCrops).ClsToken) : null;
        Lap(3);
        using var terms = SslLossCombination.Combine(new SslLossInputs
        {
            TeacherDinoTargets = targets.Dino, StudentGlobalCls = sOut[..(2 * b)], StudentLocalCls = sLocal, NumLocalCrops = nLocal,
            StudentGlobalClsBackbone = s.ClsToken, StudentMaskedPatches = ibot ? sOut[(2 * b)..] : null, TeacherIbotTargets = targets.Ibot,
            Masks = ibot ? masks.Masks : null, MasksWeight = ibot ? masks.MasksWeight : null,
        }, dino, ibot ? ibotLoss : null, koleo, new SslLossWeights { Dino = 1, Ibot = ibot ? 1 : 0, Koleo = config.Dino.KoleoLossWeight });
        _ = terms.Total.item<float>();
        Lap(4);
        t.StudentBackbone.zero_grad();
        t.StudentHead.zero_grad();
        terms.Total.backward();
        Lap(5);
        using (no_grad())
        {
            var grad = cat(parameters.Select(p => (p.grad ?? zeros_like(p)).reshape(-1)).ToList(), 0);
            grad.mul_((3.0 / (grad.norm() + 1e-6)).clamp_max(1.0));
            Lap(6);
            // AdamW as flat ops (decoupled decay, moments, bias-corrected update), then the EMA and center updates.
            flatParam.mul_(1 - 1e-4 * 0.04);
            expAvg.lerp_(grad, 0.1);
            expAvgSq.mul_(0.999).addcmul_(grad, grad, 0.001);
            flatParam.addcdiv_(expAvg, expAvgSq.sqrt().add_(1e-8), -1e-4);
            flatTeacher.mul_(0.996).add_(flatParam, 0.004);
            dino.ApplyCenterUpdate();
            ibotLoss.ApplyCenterUpdate();
            Lap(7);
        }
        return times;
    }
}
