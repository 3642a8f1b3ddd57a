using CellDino.Core.Training.Config;
using CellDino.Core.Augmentation;
using CellDino.TestSupport;
using static CellDino.Core.Tests.Augmentation.AugmentationTestConfigs;
using static TorchSharp.torch;

namespace CellDino.Core.Tests.Augmentation;

public class MultiCropAugmentationTests
{
    [Fact]
    public void Crops_are_ordered_crop_major_like_DINOv2_collate()
    {
        using var scope = NewDisposeScope();
        using var g = new Generator(1);
        // Image b is constant (b + 1) / 10, so every crop tells which image it came from.
        var values = tensor(new float[] { 0.1f, 0.2f, 0.3f });
        var x = values.reshape(3, 1, 1, 1).expand(3, 4, 32, 32).contiguous();
        var cfg = Plain(16, 8, localCrops: 8) with { GlobalCropsScale = (0.4, 1.0), LocalCropsScale = (0.05, 0.4), CropAspectRatio = (0.75, 4.0 / 3) };
        using var batch = new MultiCropAugmentation(cfg).Apply(x, g);
        Assert.Equal(new long[] { 6, 4, 16, 16 }, batch.GlobalCrops.shape);
        Assert.Equal(new long[] { 24, 4, 8, 8 }, batch.LocalCrops.shape);
        Assert.Equal(2, batch.GlobalCropsNumber);
        Assert.Equal(8, batch.LocalCropsNumber);
        TensorAssert.Close(values.repeat(2).reshape(6, 1, 1, 1).expand(6, 4, 16, 16), batch.GlobalCrops, 1e-6, 0, "global");
        TensorAssert.Close(values.repeat(8).reshape(24, 1, 1, 1).expand(24, 4, 8, 8), batch.LocalCrops, 1e-6, 0, "local");
    }

    [Fact]
    public void Channel_drop_never_touches_the_protein_channel_and_drops_one_channel_at_rate_p()
    {
        using var scope = NewDisposeScope();
        using var g = new Generator(2);
        var x = ones(64, 4, 8, 8);
        var aug = new MultiCropAugmentation(Plain(4, 4) with { ChannelDropProbability = 0.2 });
        var zeroPlanes = new List<Tensor>();
        for (int call = 0; call < 4; call++)
        {
            using var batch = aug.Apply(x, g);
            foreach (var crops in new[] { batch.GlobalCrops, batch.LocalCrops })
                zeroPlanes.Add(crops.amax(new long[] { 2, 3 }).eq(0)); // [N, C]
        }
        var zero = cat(zeroPlanes.ToArray()); // [2560, 4]
        Assert.Equal(2560, zero.shape[0]);
        Assert.False(zero[.., 1].any().item<bool>(), "the protein channel was dropped");
        var perCrop = zero.sum(1);
        Assert.True(perCrop.le(1).all().item<bool>(), "more than one channel dropped in a crop");
        double rate = perCrop.to(ScalarType.Float64).mean().item<double>();
        Assert.InRange(rate, 0.17, 0.23);
        long drops = perCrop.sum().item<long>();
        foreach (int c in new[] { 0, 2, 3 })
        {
            double share = (double)zero[.., c].sum().item<long>() / drops;
            Assert.InRange(share, 0.26, 0.41);
        }
    }

    [Fact]
    public void Cell_Painting_preset_may_drop_any_channel_and_few_channel_images_none()
    {
        using var scope = NewDisposeScope();
        using var g = new Generator(3);
        var cp = MultiCropConfig.CellPainting with
        {
            GlobalCropsSize = 4, LocalCropsSize = 4, ChannelDropProbability = 1.0,
            BrightnessStd = 0, ContrastStd = 0, Standardize = false, InputDivisor = 1,
        };
        using (var batch = new MultiCropAugmentation(cp).Apply(ones(40, 5, 8, 8), g))
        {
            var zero = batch.LocalCrops.amax(new long[] { 2, 3 }).eq(0); // [320, 5]
            Assert.True(zero.sum(1).eq(1).all().item<bool>(), "exactly one channel per crop at p = 1");
            for (int c = 0; c < 5; c++) Assert.True(zero[.., c].any().item<bool>(), $"channel {c} never dropped");
        }
        using (var batch = new MultiCropAugmentation(cp).Apply(ones(10, 3, 8, 8), g))
            Assert.False(batch.LocalCrops.eq(0).any().item<bool>(), "a 3-channel image lost a channel");
    }

    [Fact]
    public void Protein_rescale_divides_by_the_image_maximum_after_the_channel_drop()
    {
        using var scope = NewDisposeScope();
        using var g = new Generator(4);
        var levels = tensor(new float[] { 0.2f, 0.4f, 0.8f, 0.1f });
        var x = levels.reshape(1, 4, 1, 1).expand(50, 4, 8, 8).contiguous();
        var cfg = Plain(4, 4) with { ChannelDropProbability = 1.0, ProteinRescaleProbability = 1.0, ProteinRescaleRange = (1.0, 1.0) };
        using var batch = new MultiCropAugmentation(cfg).Apply(x, g);
        var v = cat(new[] { batch.GlobalCrops, batch.LocalCrops }).mean(new long[] { 2, 3 }); // [500, 4]
        var ch2Dropped = v[.., 2].eq(0);
        Assert.True(ch2Dropped.any().item<bool>() && ch2Dropped.logical_not().any().item<bool>());
        // Protein 0.4 / max: 0.8 while the ER channel 2 is present, 0.4 (its own level) once channel 2 is zeroed.
        var want = where(ch2Dropped, full_like(v[.., 1], 1.0), full_like(v[.., 1], 0.5));
        TensorAssert.Close(want, v[.., 1], 1e-6, 0, "protein");
        foreach (int c in new[] { 0, 2, 3 })
        {
            var kept = v[.., c];
            Assert.True(kept.eq(0).logical_or(kept.sub(levels[c]).abs().lt(1e-6)).all().item<bool>(), $"channel {c} changed");
        }
    }

    [Fact]
    public void Brightness_and_contrast_follow_the_hand_worked_formulas()
    {
        using var scope = NewDisposeScope();
        // One crop, two channels of two pixels: [0.2, 0.6] and [0.5, 0.9].
        var x = tensor(new float[] { 0.2f, 0.6f, 0.5f, 0.9f }).reshape(1, 2, 1, 2);
        // Brightness ×1.5 → [0.3, 0.9]; ×2 → [1.0, 1.8] clamped to [1, 1].
        var b = CropIntensity.Brightness(x, tensor(new double[] { 1.5, 2.0 }).reshape(1, 2), clampUnit: true);
        TensorAssert.Close(tensor(new float[] { 0.3f, 0.9f, 1f, 1f }).reshape(1, 2, 1, 2), b, 1e-6, 0, "brightness");
        // Contrast 1.5 about mean 0.4 → [0.1, 0.7]; 0.5 about mean 0.7 → [0.6, 0.8].
        var c = CropIntensity.Contrast(x, tensor(new double[] { 1.5, 0.5 }).reshape(1, 2), clampUnit: true);
        TensorAssert.Close(tensor(new float[] { 0.1f, 0.7f, 0.6f, 0.8f }).reshape(1, 2, 1, 2), c, 1e-6, 0, "contrast");
        // Contrast 3 about 0.4 → [−0.2, 1.0] → clamped [0, 1].
        var c3 = CropIntensity.Contrast(x[.., ..1], tensor(new double[] { 3.0 }).reshape(1, 1), clampUnit: true);
        TensorAssert.Close(tensor(new float[] { 0f, 1f }).reshape(1, 1, 1, 2), c3, 1e-6, 0, "contrast clamp");
        // A crop whose maximum is 0 is skipped, so its negative values survive the clamp.
        var neg = tensor(new float[] { -0.5f, 0f }).reshape(1, 1, 1, 2);
        Assert.True(CropIntensity.Brightness(neg, tensor(new double[] { 2.0 }).reshape(1, 1), true).equal(neg).all().item<bool>());
        Assert.True(CropIntensity.Contrast(neg, tensor(new double[] { 2.0 }).reshape(1, 1), true).equal(neg).all().item<bool>());
    }

    [Fact]
    public void Jitter_factors_are_a_normal_around_one_floored_at_half()
    {
        using var scope = NewDisposeScope();
        using var g = new Generator(5);
        var f = CropIntensity.JitterFactors(20000, 1, 0.2, 0.5, g);
        Assert.Equal(0.5, f.min().item<double>());
        // P(N(1, 0.2) < 0.5) = Φ(−2.5) ≈ 0.0062 → ~124 floored values.
        double floored = f.eq(0.5).to(ScalarType.Float64).mean().item<double>();
        Assert.InRange(floored, 0.003, 0.010);
        Assert.InRange(f.mean().item<double>(), 0.99, 1.01);
        Assert.InRange(f.std().item<double>(), 0.19, 0.21);
    }

    [Fact]
    public void Constant_image_gets_one_floored_brightness_factor_per_channel_and_contrast_keeps_it_constant()
    {
        using var scope = NewDisposeScope();
        using var g = new Generator(6);
        var cfg = MultiCropConfig.Hpa with
        {
            GlobalCropsSize = 8, LocalCropsSize = 4, InputDivisor = 1, Standardize = false,
            ChannelDropProbability = 0, ProteinRescaleProbability = 0,
        };
        using var batch = new MultiCropAugmentation(cfg).Apply(full(32, 4, 16, 16, 0.5f), g);
        var crops = batch.LocalCrops;
        var lo = crops.amin(new long[] { 2, 3 });
        var hi = crops.amax(new long[] { 2, 3 });
        Assert.True((hi - lo).max().item<float>() < 1e-6, "a channel is not constant");
        // clamp(f·0.5, 0, 1) with f ≥ 0.5.
        Assert.True(lo.min().item<float>() >= 0.25f - 1e-6f && hi.max().item<float>() <= 1f);
        Assert.InRange(hi.mean().item<float>(), 0.48f, 0.52f);
        Assert.True(hi.std().item<float>() > 0.05f, "no brightness jitter");
    }

    [Fact]
    public void Standardization_gives_zero_mean_unit_population_std_per_crop_channel()
    {
        using var scope = NewDisposeScope();
        using var g = new Generator(7);
        manual_seed(7);
        var x = rand(8, 4, 32, 32) * 255;
        var cfg = MultiCropConfig.Hpa with { GlobalCropsSize = 16, LocalCropsSize = 8 };
        using var batch = new MultiCropAugmentation(cfg).Apply(x, g);
        foreach (var crops in new[] { batch.GlobalCrops, batch.LocalCrops })
        {
            var mean = crops.mean(new long[] { 2, 3 });
            var std = crops.std(new long[] { 2, 3 }, unbiased: false);
            var dropped = crops.abs().amax(new long[] { 2, 3 }).eq(0);
            Assert.True(mean.abs().max().item<float>() < 1e-5f);
            var ok = dropped.logical_or(std.sub(1).abs().lt(1e-4));
            Assert.True(ok.all().item<bool>(), "a channel is neither dropped nor unit-std");
            Assert.False(crops.isnan().any().item<bool>());
        }
    }

    [Fact]
    public void All_zero_image_stays_zero_without_NaN()
    {
        using var scope = NewDisposeScope();
        using var g = new Generator(8);
        var cfg = MultiCropConfig.Hpa with { GlobalCropsSize = 8, LocalCropsSize = 4, ProteinRescaleProbability = 1 };
        using var batch = new MultiCropAugmentation(cfg).Apply(zeros(2, 4, 16, 16), g);
        Assert.True(batch.GlobalCrops.eq(0).all().item<bool>());
        Assert.True(batch.LocalCrops.eq(0).all().item<bool>());
    }

    [Fact]
    public void Same_seed_gives_identical_crops_and_another_seed_different_ones()
    {
        using var scope = NewDisposeScope();
        manual_seed(9);
        var x = rand(2, 4, 32, 32) * 255;
        var cfg = MultiCropConfig.Hpa with { GlobalCropsSize = 16, LocalCropsSize = 8 };
        var aug = new MultiCropAugmentation(cfg);
        MultiCropBatch Run(long seed)
        {
            using var g = new Generator((ulong)seed);
            return aug.Apply(x, g);
        }
        using var a = Run(42);
        using var b = Run(42);
        using var c = Run(43);
        Assert.True(a.GlobalCrops.equal(b.GlobalCrops).all().item<bool>());
        Assert.True(a.LocalCrops.equal(b.LocalCrops).all().item<bool>());
        Assert.True(TensorAssert.MaxAbsDiff(a.GlobalCrops, c.GlobalCrops) > 0.1);
        Assert.True(TensorAssert.MaxAbsDiff(a.LocalCrops, c.LocalCrops) > 0.1);
    }

    [Fact]
    public void Presets_match_the_reference_recipe()
    {
        var hpa = MultiCropConfig.Hpa;
        Assert.Equal((2, 224, 8, 96), (hpa.GlobalCropsNumber, hpa.GlobalCropsSize, hpa.LocalCropsNumber, hpa.LocalCropsSize));
        Assert.Equal((0.4, 1.0), hpa.GlobalCropsScale);
        Assert.Equal((0.005, 0.4), hpa.LocalCropsScale);
        Assert.Equal(1, hpa.ProteinChannel);
        Assert.Equal(new[] { 0, 2, 3 }, hpa.DropCandidates(4));
        Assert.Empty(hpa.DropCandidates(3));
        Assert.Equal((0.2, 0.2, 0.5, 0.5), (hpa.ChannelDropProbability, hpa.ProteinRescaleProbability, hpa.HorizontalFlipProbability, hpa.VerticalFlipProbability));
        Assert.Equal((0.2, 0.2, 0.5), (hpa.BrightnessStd, hpa.ContrastStd, hpa.JitterFactorFloor));
        Assert.Equal((0.0, 2.0), hpa.ProteinRescaleRange);
        Assert.Equal((255.0, 1e-7, true), (hpa.InputDivisor, hpa.StandardizeEpsilon, hpa.Standardize));
        var cp = MultiCropConfig.CellPainting;
        Assert.Null(cp.ProteinChannel);
        Assert.Equal(new[] { 0, 1, 2, 3, 4 }, cp.DropCandidates(5));
    }

    [Fact]
    public void The_crops_section_alone_builds_the_pipeline_a_run_trains_with()
    {
        // The default crops section is the released HPA recipe; a preset's section carries its own sizes and scales.
        Assert.Equal(MultiCropConfig.Hpa, MultiCropConfig.From(new CropsConfig(), 255));
        var tiny = CellDinoConfig.Tiny().Crops;
        var aug = new MultiCropAugmentation(tiny, 65535);
        Assert.Equal(65535, aug.InputDivisor);
        Assert.Equal((tiny.GlobalCropsSize, tiny.LocalCropsSize, tiny.LocalCropsNumber), (aug.Config.GlobalCropsSize, aug.Config.LocalCropsSize, aug.Config.LocalCropsNumber));
        Assert.Equal((tiny.GlobalCropsScale[0], tiny.GlobalCropsScale[1]), aug.Config.GlobalCropsScale);
        Assert.Equal((tiny.LocalCropsScale[0], tiny.LocalCropsScale[1]), aug.Config.LocalCropsScale);
        using var scope = NewDisposeScope();
        using var batch = aug.Apply(full(3, 4, 64, 64, 1000f), new Generator(1));
        Assert.Equal(new long[] { 6, 4, tiny.GlobalCropsSize, tiny.GlobalCropsSize }, batch.GlobalCrops.shape);
        Assert.Equal(new long[] { 3 * tiny.LocalCropsNumber, 4, tiny.LocalCropsSize, tiny.LocalCropsSize }, batch.LocalCrops.shape);
    }

    [Fact]
    public void Bad_input_is_rejected_with_a_clear_message()
    {
        using var scope = NewDisposeScope();
        using var g = new Generator(10);
        var aug = new MultiCropAugmentation(Plain(4, 4));
        var e1 = Assert.Throws<ArgumentException>(() => aug.Apply(ones(4, 8, 8), g));
        Assert.Contains("[B, C, H, W]", e1.Message);
        var e2 = Assert.Throws<ArgumentException>(() => aug.Apply(ones(new long[] { 1, 4, 8, 8 }, ScalarType.Int64), g));
        Assert.Contains("floating", e2.Message);
        var e3 = Assert.Throws<ArgumentException>(() => new MultiCropAugmentation(Plain(4, 4) with { ProteinChannel = 4 }).Apply(ones(1, 4, 8, 8), g));
        Assert.Contains("ProteinChannel", e3.Message);
        var e4 = Assert.Throws<ArgumentException>(() => new MultiCropAugmentation(Plain(4, 4) with { DroppableChannels = new[] { 1 } }).Apply(ones(1, 4, 8, 8), g));
        Assert.Contains("protein", e4.Message);
        var e5 = Assert.Throws<ArgumentException>(() => new MultiCropAugmentation(Plain(4, 4) with { ChannelDropProbability = 1.5 }).Apply(ones(1, 4, 8, 8), g));
        Assert.Contains("ChannelDropProbability", e5.Message);
    }
}
