using System.Text.Json;
using CellDino.Core.Training;
using CellDino.Core.Training.Config;
using CellDino.TestSupport;
using static TorchSharp.torch;

namespace CellDino.Core.Tests.Training;

public class CosineSchedulerTests
{
    // The fixture's config as the CellDino configuration tree: one device carrying the whole global batch.
    private static CellDinoConfig FixtureConfig(JsonElement root)
    {
        var c = root.GetProperty("config");
        int Int(string n) => c.GetProperty(n).GetInt32();
        double Dbl(string n) => c.GetProperty(n).GetDouble();
        var d = new CellDinoConfig();
        return d with
        {
            Train = d.Train with { OfficialEpochLength = Int("OFFICIAL_EPOCH_LENGTH"), BatchSizePerGpu = Int("batch_size_per_gpu") * Int("world_size") },
            Optim = d.Optim with
            {
                Epochs = Int("epochs"), BaseLr = Dbl("base_lr"), MinLr = Dbl("min_lr"), WarmupEpochs = Int("warmup_epochs"),
                WeightDecay = Dbl("weight_decay"), WeightDecayEnd = Dbl("weight_decay_end"), FreezeLastLayerEpochs = Int("freeze_last_layer_epochs"),
                ScalingRule = LrScalingRule.SqrtWrt1024,
            },
            Teacher = d.Teacher with
            {
                MomentumTeacher = Dbl("momentum_teacher"), FinalMomentumTeacher = Dbl("final_momentum_teacher"), TeacherTemp = Dbl("teacher_temp"),
                WarmupTeacherTemp = Dbl("warmup_teacher_temp"), WarmupTeacherTempEpochs = Int("warmup_teacher_temp_epochs"),
            },
        };
    }

    private static void AssertSchedule(CosineScheduler s, JsonElement root, Dictionary<string, Tensor> tensors, string name)
    {
        var expected = root.GetProperty("values_float64").GetProperty(name).EnumerateArray().Select(e => e.GetDouble()).ToArray();
        var actual = s.Values(expected.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-12, $"{name}[{i}] = {actual[i]:R}, expected {expected[i]:R}");
        using var a32 = tensor(actual).to(ScalarType.Float32);
        TensorAssertRelative.RelL2(tensors[name], a32, rel: 1e-7, maxAbs: 1e-7, what: name);
    }

    [Fact]
    public void Build_schedulers_values_match_the_reference()
    {
        using var doc = Fixtures.Json("schedules.json");
        using var t = Fixtures.Tensors("schedules.safetensors");
        var root = doc.RootElement;
        var config = FixtureConfig(root);
        Assert.Equal(root.GetProperty("config").GetProperty("lr_after_scaling_rule").GetDouble(), config.Optim.ScaledLr(config.Train.BatchSizePerGpu), 15);
        var s = CellDinoSchedules.Build(config);
        var d = new Dictionary<string, Tensor>(t);
        AssertSchedule(s.Lr, root, d, "lr");
        AssertSchedule(s.WeightDecay, root, d, "wd");
        AssertSchedule(s.Momentum, root, d, "momentum");
        AssertSchedule(s.TeacherTemp, root, d, "teacher_temp");
        AssertSchedule(s.LastLayerLr, root, d, "last_layer_lr");
    }

    [Fact]
    public void Builder_passes_the_reference_arguments()
    {
        using var doc = Fixtures.Json("schedules.json");
        var root = doc.RootElement;
        var s = CellDinoSchedules.Build(FixtureConfig(root));
        var args = root.GetProperty("schedule_arguments");
        void Check(CosineScheduler sch, string name)
        {
            var a = args.GetProperty(name);
            Assert.Equal(a.GetProperty("base_value").GetDouble(), sch.BaseValue, 15);
            Assert.Equal(a.GetProperty("final_value").GetDouble(), sch.FinalValue, 15);
            Assert.Equal(a.GetProperty("total_iters").GetInt64(), sch.TotalIters);
            Assert.Equal(a.TryGetProperty("warmup_iters", out var w) ? w.GetInt64() : 0, sch.WarmupIters);
            Assert.Equal(a.TryGetProperty("start_warmup_value", out var sw) ? sw.GetDouble() : 0, sch.StartWarmupValue, 15);
        }
        Check(s.Lr, "lr");
        Check(s.WeightDecay, "wd");
        Check(s.Momentum, "momentum");
        Check(s.TeacherTemp, "teacher_temp");
        Check(s.LastLayerLr, "last_layer_lr");
    }

    [Fact]
    public void Freeze_iters_match_the_reference()
    {
        using var doc = Fixtures.Json("schedules.json");
        using var t = Fixtures.Tensors("schedules.safetensors");
        var root = doc.RootElement;
        var a = root.GetProperty("schedule_arguments").GetProperty("freeze_case");
        var s = new CosineScheduler(a.GetProperty("base_value").GetDouble(), a.GetProperty("final_value").GetDouble(),
            a.GetProperty("total_iters").GetInt64(), a.GetProperty("warmup_iters").GetInt64(),
            a.GetProperty("start_warmup_value").GetDouble(), a.GetProperty("freeze_iters").GetInt64());
        AssertSchedule(s, root, new Dictionary<string, Tensor>(t), "freeze_case");
    }

    [Fact]
    public void Hand_worked_small_schedule()
    {
        // 2 warm-up values 0 → 1 (endpoints included), then n = 2 cosine values 1 and 0.5 (cos(π/2) = 0).
        var s = new CosineScheduler(1.0, 0.0, 4, 2, 0.0);
        Assert.Equal(new[] { 0.0, 1.0, 1.0, 0.5, 0.0, 0.0 }, s.Values(6).Select(v => Math.Round(v, 15)));
        Assert.Equal(0.0, s[1_000_000]);
        Assert.Throws<ArgumentException>(() => new CosineScheduler(1, 0, 3, 2, 0, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => s[-1]);
    }

    [Fact]
    public void Leading_zeros_copy_leaves_the_original_untouched()
    {
        var s = new CosineScheduler(1.0, 0.1, 10, 3, 0.5);
        var z = s.WithLeadingZeros(4);
        Assert.All(z.Values(4), v => Assert.Equal(0.0, v));
        Assert.Equal(s[4], z[4]);
        Assert.Equal(0.5, s[0]);
        Assert.Equal(0.1, z[10]);
        Assert.All(s.WithLeadingZeros(100).Values(10), v => Assert.Equal(0.0, v));
    }

    [Fact]
    public void A_run_of_a_billion_iterations_costs_no_memory_and_keeps_the_shape()
    {
        // --set optim.epochs=50000000 on the tiny preset: 10^9 iterations. The schedules are closed-form, so nothing of
        // that length is allocated (an array per schedule would be 8 GB each).
        long before = GC.GetAllocatedBytesForCurrentThread();
        var tiny = CellDinoConfig.Tiny();
        var s = CellDinoSchedules.Build(tiny with { Optim = tiny.Optim with { Epochs = 50_000_000 } });
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1 << 20, "schedules must not allocate per iteration");
        Assert.Equal(1_000_000_000L, s.Lr.TotalIters);
        Assert.Equal(0.0, s.Lr[0]);
        Assert.True(s.Lr[500_000_000] > 0 && s.Lr[500_000_000] < s.Lr[20]);
        Assert.Equal(1.0, s.Momentum[1_000_000_000]);
        var tooLong = Assert.Throws<ArgumentException>(() => CellDinoConfig.Tiny().WithOverrides(["optim.epochs=500000000"]));
        Assert.Contains("optim.epochs", tooLong.Message);
    }

    [Fact]
    public void Cell_DINO_defaults_follow_the_released_configuration()
    {
        // The released run: 32 GPUs x 16 = 512 images per step, as one device here.
        var released = CellDinoConfig.HpaFovVitL16();
        var c = released with { Train = released.Train with { BatchSizePerGpu = 512 } };
        double scaled = c.Optim.ScaledLr(512);
        Assert.Equal(5e-4 * Math.Sqrt(0.5), scaled, 15);
        var s = CellDinoSchedules.Build(c);
        Assert.Equal(45_000, s.Lr.TotalIters);
        Assert.Equal(9_000, s.Lr.WarmupIters);
        Assert.Equal(0.0, s.Lr[0]);
        Assert.Equal(scaled, s.Lr[8_999], 15);
        Assert.Equal(1e-6, s.Lr[45_000]);
        Assert.Equal(0.04, s.WeightDecay[0], 12);
        Assert.Equal(0.2, s.WeightDecay[45_000]);
        Assert.Equal(0.996, s.Momentum[0], 12);
        Assert.Equal(1.0, s.Momentum[45_000]);
        Assert.Equal(0.04, s.TeacherTemp[0], 15);
        Assert.Equal(0.07, s.TeacherTemp[8_999], 15);
        Assert.Equal(0.07, s.TeacherTemp[20_000]);
        Assert.Equal(0.0, s.LastLayerLr[449]);
        Assert.Equal(s.Lr[450], s.LastLayerLr[450]);
        var bad = Assert.Throws<ArgumentException>(() => CellDinoSchedules.Build(c with { Train = c.Train with { OfficialEpochLength = 0 } }));
        Assert.Contains("train.official_epoch_length", bad.Message);
    }
}
