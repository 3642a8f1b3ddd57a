using CellDino.Core.Checkpoints;
using CellDino.Core.Training;
using CellDino.Core.Training.Config;
using Xunit;
using static TorchSharp.torch;

namespace CellDino.Core.Tests.Trainer;

public sealed class CellDinoTrainerTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "celldino-trainer-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, true);
    }

    internal static CellDinoConfig TinyConfig(int seed = 3) => CellDinoConfig.Tiny() with
    {
        Train = new TrainConfig { BatchSizePerGpu = 4, OfficialEpochLength = 4, Seed = seed, SaveckpFreq = 0 },
        Student = new StudentConfig { Arch = "vit_micro", PatchSize = 8, InChans = 4, DropPathRate = 0.1 },
        Dino = new DinoConfig { HeadNPrototypes = 64, HeadBottleneckDim = 16, HeadHiddenDim = 32 },
        // Crop scales for its 40 px toy images, independent of the tiny preset's tuning for 64 px cell fields.
        Crops = CellDinoConfig.Tiny().Crops with { LocalCropsNumber = 2, GlobalCropsScale = [0.5, 1.0], LocalCropsScale = [0.1, 0.5] },
        Optim = CellDinoConfig.Tiny().Optim with { Epochs = 3, WarmupEpochs = 1, FreezeLastLayerEpochs = 1 },
        Teacher = new TeacherConfig { WarmupTeacherTempEpochs = 1, MomentumTeacher = 0.9 },
    };

    private static Tensor Images(int n = 12, int seed = 5)
    {
        var g = new Generator((ulong)seed);
        return rand([n, 4, 40, 40], generator: g) * 255f;
    }

    private static Dictionary<string, float[]> Snapshot(CellDinoTrainer t)
    {
        var d = new Dictionary<string, float[]>();
        foreach (var (n, p) in t.StudentBackbone.named_parameters()) d["s." + n] = p.detach().cpu().data<float>().ToArray();
        foreach (var (n, p) in t.StudentHead.named_parameters()) d["sh." + n] = p.detach().cpu().data<float>().ToArray();
        foreach (var (n, p) in t.TeacherBackbone.named_parameters()) d["t." + n] = p.detach().cpu().data<float>().ToArray();
        foreach (var (n, p) in t.TeacherHead.named_parameters()) d["th." + n] = p.detach().cpu().data<float>().ToArray();
        return d;
    }

    [Fact]
    public void AStepLearnsAndTheTeacherIsTheEmaOfTheStudent()
    {
        using var images = Images();
        using var trainer = new CellDinoTrainer(TinyConfig(), new TrainerOptions { Device = CPU });
        var initial = Snapshot(trainer);
        Assert.Equal(initial["s.blocks.0.attn.qkv.weight"], initial["t.blocks.0.attn.qkv.weight"]); // teacher starts as the student
        var source = new TensorImageSource(images, 4, 255);
        using var raw0 = source.GetBatch(0, default);
        var first = trainer.Step(raw0, 0, 255);
        Assert.Equal(0, first.LearningRate); // the warm-up starts at 0
        var before = Snapshot(trainer);
        using var raw = source.GetBatch(1, default);
        var report = trainer.Step(raw, 1, 255);
        Assert.True(report.LearningRate > 0);
        Assert.True(double.IsFinite(report.Loss) && report.Loss > 0);
        Assert.Contains("dino_local_crops_loss", report.Terms.Keys);
        Assert.Equal(2, trainer.Iteration);
        var after = Snapshot(trainer);
        Assert.NotEqual(before["s.blocks.0.attn.qkv.weight"], after["s.blocks.0.attn.qkv.weight"]);
        // Last layer frozen in the first epoch (lr 0, so weight decay does not move it either).
        Assert.Equal(before["sh.last_layer.weight_v"], after["sh.last_layer.weight_v"]);
        // teacher = m·teacher + (1 − m)·student_after, with m from the cosine schedule at iteration 1.
        double m = report.Momentum;
        Assert.InRange(m, 0.9, 0.9 + 1e-2);
        foreach (var key in new[] { "blocks.1.mlp.fc1.weight", "pos_embed", "norm.bias" })
        {
            var t0 = before["t." + key];
            var s1 = after["s." + key];
            var t1 = after["t." + key];
            for (int i = 0; i < t0.Length; i += 7)
                Assert.True(Math.Abs(m * t0[i] + (1 - m) * s1[i] - t1[i]) < 1e-6, $"{key}[{i}]");
        }
    }

    [Fact]
    public void ResumedRunEqualsUninterruptedRunBitForBit()
    {
        using var images = Images();
        var config = TinyConfig();
        Dictionary<string, float[]> straight;
        using (var a = new CellDinoTrainer(config, new TrainerOptions { Device = CPU }))
        {
            a.Train(new TensorImageSource(images, 4, 255, seed: 1), null, default);
            Assert.Equal(12, a.Iteration);
            straight = Snapshot(a);
        }
        var dir = Path.Combine(_dir, "run");
        using (var b = new CellDinoTrainer(config, new TrainerOptions { Device = CPU, OutputDirectory = dir, StopAtIteration = 5 }))
        {
            b.Train(new TensorImageSource(images, 4, 255, seed: 1), null, default);
            Assert.Equal(5, b.Iteration);
        }
        using var c = CellDinoTrainer.Resume(Path.Combine(dir, CellDinoTrainer.CheckpointFileName), new TrainerOptions { Device = CPU, OutputDirectory = dir });
        Assert.Equal(5, c.Iteration);
        c.Train(new TensorImageSource(images, 4, 255, seed: 1), null, default);
        var resumed = Snapshot(c);
        foreach (var (k, v) in straight) Assert.True(v.AsSpan().SequenceEqual(resumed[k]), $"{k} differs after resume");
    }

    [Fact]
    public void CancellationLeavesALoadableCheckpointAndTheTeacherExportsUnderDinoV2Names()
    {
        using var images = Images();
        using var cts = new CancellationTokenSource();
        using var trainer = new CellDinoTrainer(TinyConfig(), new TrainerOptions { Device = CPU, OutputDirectory = _dir });
        var progress = new SyncProgress(p => { if (p.Iteration == 1) cts.Cancel(); });
        Assert.ThrowsAny<OperationCanceledException>(() => trainer.Train(new TensorImageSource(images, 4, 255), progress, cts.Token));
        using var resumed = CellDinoTrainer.Resume(Path.Combine(_dir, CellDinoTrainer.CheckpointFileName), new TrainerOptions { Device = CPU });
        Assert.Equal(2, resumed.Iteration);
        Assert.Empty(Directory.GetFiles(_dir, "*.tmp*"));

        var export = Path.Combine(_dir, "teacher.safetensors");
        resumed.ExportTeacherBackbone(export);
        using var dict = SafeTensors.Read(export, out var meta);
        Assert.Contains("blocks.0.attn.qkv.weight", dict.Keys);
        Assert.Contains("cls_token", dict.Keys);
        Assert.Contains("celldino_vit_config", meta.Keys);
        Assert.Equal(resumed.TeacherBackbone.named_parameters().Count(), dict.Count);
    }

    [Fact]
    public void NonFiniteLossStopsTheRunAndKeepsTheLastGoodCheckpoint()
    {
        using var images = Images();
        var config = TinyConfig() with { Train = TinyConfig().Train with { SaveckpFreq = 1 } };
        using var trainer = new CellDinoTrainer(config, new TrainerOptions { Device = CPU, OutputDirectory = _dir });
        var poisoned = new PoisonedSource(new TensorImageSource(images, 4, 255), poisonFrom: 2);
        var ex = Assert.Throws<NonFiniteLossException>(() => trainer.Train(poisoned, null, default));
        Assert.Equal(2, ex.Iteration);
        Assert.NotNull(ex.LastCheckpoint);
        Assert.Contains("iteration 2", ex.Message);
        using var resumed = CellDinoTrainer.Resume(ex.LastCheckpoint!, new TrainerOptions { Device = CPU });
        Assert.Equal(2, resumed.Iteration);
        Assert.All(resumed.StudentBackbone.parameters(), p => Assert.True(p.isfinite().all().item<bool>()));
    }

    [Fact]
    public void Bf16MixedPrecisionComputesInBf16AndKeepsFp32MasterWeights()
    {
        using var images = Images();
        var source = new TensorImageSource(images, 4, 255);
        using var fp32 = new CellDinoTrainer(TinyConfig(), new TrainerOptions { Device = CPU });
        using var bf16 = new CellDinoTrainer(TinyConfig(), new TrainerOptions { Device = CPU, Precision = TrainingPrecision.BFloat16 });
        Assert.Equal(TrainingPrecision.Float32, fp32.Precision); // Auto is fp32 on CPU
        Assert.Equal(TrainingPrecision.BFloat16, bf16.Precision);
        var losses = new List<(double, double)>();
        for (int it = 0; it < 3; it++)
        {
            using var raw = source.GetBatch(it, default);
            losses.Add((fp32.Step(raw, it, 255).Loss, bf16.Step(raw, it, 255).Loss));
        }
        foreach (var (a, b) in losses)
        {
            Assert.True(double.IsFinite(b));
            // bf16 keeps 8 bits of mantissa; at teacher temperature 0.04 the targets are sharp, so allow a loose band.
            Assert.True(Math.Abs(a - b) < 0.25 * Math.Abs(a), $"fp32 loss {a} vs bf16 loss {b}");
        }
        Assert.All(bf16.StudentBackbone.parameters(), p => Assert.Equal(ScalarType.Float32, p.dtype));
        Assert.All(bf16.TeacherBackbone.parameters(), p => Assert.Equal(ScalarType.Float32, p.dtype));
        // The master weights moved (the optimizer ran on fp32 grads from the bf16 pass).
        var a0 = Snapshot(fp32)["s.blocks.0.attn.qkv.weight"];
        var b0 = Snapshot(bf16)["s.blocks.0.attn.qkv.weight"];
        double diff = a0.Zip(b0, (x, y) => Math.Abs(x - y)).Max();
        Assert.True(diff < 1e-2, $"bf16 and fp32 runs diverged by {diff}");
    }

    [Fact]
    public void TheMixedPrecisionPlumbingIsExactWhenTheComputeCopiesAreFp32()
    {
        // Same code path as bf16 (compute copies refreshed from the master buffers, grads gathered back), in fp32:
        // any mix-up of parameter order or buffers would change the numbers.
        using var images = Images();
        var source = new TensorImageSource(images, 4, 255);
        using var reference = new CellDinoTrainer(TinyConfig(), new TrainerOptions { Device = CPU });
        using var copies = new CellDinoTrainer(TinyConfig(), new TrainerOptions { Device = CPU, Precision = TrainingPrecision.BFloat16, ComputeCopyDtype = ScalarType.Float32 });
        for (int it = 0; it < 3; it++)
        {
            using var raw = source.GetBatch(it, default);
            double a = reference.Step(raw, it, 255).Loss, b = copies.Step(raw, it, 255).Loss;
            Assert.True(Math.Abs(a - b) <= 1e-5 * Math.Abs(a), $"iteration {it}: {a} vs {b}");
        }
        var s0 = Snapshot(reference);
        var s1 = Snapshot(copies);
        foreach (var key in new[] { "s.blocks.1.attn.qkv.weight", "t.norm.weight", "sh.mlp.0.weight" })
        {
            double diff = s0[key].Zip(s1[key], (x, y) => Math.Abs(x - y)).Max();
            Assert.True(diff < 1e-5, $"{key} differs by {diff}");
        }
    }

    [Fact]
    public void WrongChannelCountIsRejected()
    {
        using var images = rand([8, 3, 40, 40]);
        using var trainer = new CellDinoTrainer(TinyConfig(), new TrainerOptions { Device = CPU });
        var ex = Assert.Throws<ArgumentException>(() => trainer.Train(new TensorImageSource(images, 4, 1), null, default));
        Assert.Contains("in_chans", ex.Message);
    }

    private sealed class SyncProgress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }

    [Fact]
    public void CancellationWhileWaitingForTheLoaderStillCheckpointsTheLastCompletedStep()
    {
        using var images = Images();
        using var cts = new CancellationTokenSource();
        using var trainer = new CellDinoTrainer(TinyConfig(), new TrainerOptions { Device = CPU, OutputDirectory = _dir });
        // SIGTERM arriving while the step waits on a queue: the source sees the token and throws.
        var source = new CancelOnFetch(new TensorImageSource(images, 4, 255), cancelAt: 2, cts);
        Assert.ThrowsAny<OperationCanceledException>(() => trainer.Train(source, null, cts.Token));
        using var resumed = CellDinoTrainer.Resume(Path.Combine(_dir, CellDinoTrainer.CheckpointFileName), new TrainerOptions { Device = CPU });
        Assert.Equal(2, resumed.Iteration);
    }

    private sealed class CancelOnFetch(ITrainingImageSource inner, long cancelAt, CancellationTokenSource cts) : ITrainingImageSource
    {
        public int BatchSize => inner.BatchSize;
        public int Channels => inner.Channels;
        public double SourceMax => inner.SourceMax;
        public Tensor GetBatch(long iteration, CancellationToken cancellationToken)
        {
            if (iteration == cancelAt)
            {
                cts.Cancel();
                cancellationToken.ThrowIfCancellationRequested();
            }
            return inner.GetBatch(iteration, cancellationToken);
        }
    }

    private sealed class PoisonedSource(ITrainingImageSource inner, long poisonFrom) : ITrainingImageSource
    {
        public int BatchSize => inner.BatchSize;
        public int Channels => inner.Channels;
        public double SourceMax => inner.SourceMax;
        public Tensor GetBatch(long iteration, CancellationToken cancellationToken)
        {
            var b = inner.GetBatch(iteration, cancellationToken);
            if (iteration >= poisonFrom) b[0].fill_(float.NaN);
            return b;
        }
    }
}
