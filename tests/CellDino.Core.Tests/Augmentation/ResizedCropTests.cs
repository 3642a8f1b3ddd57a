using CellDino.Core.Augmentation;
using CellDino.TestSupport;
using static CellDino.Core.Tests.Augmentation.AugmentationTestConfigs;
using static TorchSharp.torch;

namespace CellDino.Core.Tests.Augmentation;

public class ResizedCropTests
{
    private static Tensor Resize(Tensor x, long size) =>
        nn.functional.interpolate(x, size: new[] { size, size }, mode: InterpolationMode.Bilinear, align_corners: false, antialias: false);

    [Fact]
    public void Full_image_crop_equals_bilinear_resize_down_and_up()
    {
        using var scope = NewDisposeScope();
        using var g = new Generator(11);
        manual_seed(1);
        var x = rand(3, 4, 32, 32);
        // Local side 40 > 32 exercises the upsampling border clamp.
        var aug = new MultiCropAugmentation(Plain(16, 40, localCrops: 2));
        using var batch = aug.Apply(x, g);
        TensorAssert.Close(Resize(x, 16).repeat(2, 1, 1, 1), batch.GlobalCrops, 1e-5, 1e-5, "global 32→16");
        TensorAssert.Close(Resize(x, 40).repeat(2, 1, 1, 1), batch.LocalCrops, 1e-5, 1e-5, "local 32→40");
    }

    [Fact]
    public void Wide_image_falls_back_to_the_centre_square_and_resizes_only_inside_it()
    {
        using var scope = NewDisposeScope();
        using var g = new Generator(12);
        manual_seed(2);
        var x = rand(2, 3, 24, 32);
        // Area fraction 1 at aspect 1 needs a 28×28 box, which never fits in 24 rows: torchvision's fallback is the
        // 24×24 centre crop at columns 4..27. Resampling must clamp at that box, not blend columns 3 and 28.
        var aug = new MultiCropAugmentation(Plain(16, 30, localCrops: 1));
        using var batch = aug.Apply(x, g);
        var centre = x[.., .., .., 4..28];
        TensorAssert.Close(Resize(centre, 16).repeat(2, 1, 1, 1), batch.GlobalCrops, 1e-5, 1e-5, "global");
        TensorAssert.Close(Resize(centre, 30), batch.LocalCrops, 1e-5, 1e-5, "local upsampled");
    }

    [Theory]
    [InlineData(1.0, 0.0, new float[] { 3, 2, 1, 0, 7, 6, 5, 4, 11, 10, 9, 8, 15, 14, 13, 12 })]
    [InlineData(0.0, 1.0, new float[] { 12, 13, 14, 15, 8, 9, 10, 11, 4, 5, 6, 7, 0, 1, 2, 3 })]
    [InlineData(1.0, 1.0, new float[] { 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0 })]
    [InlineData(0.0, 0.0, new float[] { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15 })]
    public void Flips_mirror_a_hand_made_4x4_image(double pH, double pV, float[] expected)
    {
        using var scope = NewDisposeScope();
        using var g = new Generator(3);
        var x = arange(16, ScalarType.Float32).reshape(1, 1, 4, 4);
        var cfg = Plain(4, 4, localCrops: 1) with { ProteinChannel = null, HorizontalFlipProbability = pH, VerticalFlipProbability = pV, InputDivisor = 16 };
        using var batch = new MultiCropAugmentation(cfg).Apply(x, g);
        var want = tensor(expected).reshape(1, 1, 4, 4) / 16;
        TensorAssert.Close(want.repeat(2, 1, 1, 1), batch.GlobalCrops, 1e-6, 0);
        TensorAssert.Close(want, batch.LocalCrops, 1e-6, 0);
    }

    [Theory]
    [InlineData(6)]    // downsample a 10×14 box
    [InlineData(20)]   // upsample it
    public void Interior_boxes_of_a_batch_resample_like_interpolate_of_the_cropped_region(long size)
    {
        using var scope = NewDisposeScope();
        manual_seed(7);
        var x = rand(2, 3, 24, 32);
        // Two crops per image, crop-major rows: (crop 0, img 0), (crop 0, img 1), (crop 1, img 0), (crop 1, img 1).
        var boxes = tensor(new double[] { 3, 5, 10, 14, 0, 0, 24, 32, 7, 18, 17, 14, 12, 1, 12, 9 }).reshape(4, 4);
        var flipH = tensor(new[] { false, true, false, true });
        var flipV = tensor(new[] { false, false, true, true });
        var grid = ResizedCropSampler.BuildGrid(boxes, flipH, flipV, size, 24, 32, CPU);
        var crops = ResizedCropSampler.Sample(x, grid, nCrops: 2);
        Tensor Expect(int img, int top, int left, int h, int w) =>
            nn.functional.interpolate(x[img..(img + 1), .., top..(top + h), left..(left + w)], size: new[] { size, size },
                mode: InterpolationMode.Bilinear, align_corners: false, antialias: false);
        TensorAssert.Close(Expect(0, 3, 5, 10, 14), crops[0..1], 1e-5, 1e-5, "img 0 box 1");
        TensorAssert.Close(Expect(1, 0, 0, 24, 32).flip(3), crops[1..2], 1e-5, 1e-5, "img 1 whole, h-flip");
        TensorAssert.Close(Expect(0, 7, 18, 17, 14).flip(2), crops[2..3], 1e-5, 1e-5, "img 0 box 2, v-flip");
        TensorAssert.Close(Expect(1, 12, 1, 12, 9).flip(2, 3), crops[3..4], 1e-5, 1e-5, "img 1 box, both flips");
    }

    [Fact]
    public void Each_flip_is_drawn_independently_per_crop_at_half_rate()
    {
        using var scope = NewDisposeScope();
        using var g = new Generator(4);
        var x = arange(16, ScalarType.Float32).reshape(1, 1, 4, 4).repeat(100, 1, 1, 1);
        var cfg = Plain(4, 4) with { ProteinChannel = null, HorizontalFlipProbability = 0.5, VerticalFlipProbability = 0.5, InputDivisor = 16 };
        using var batch = new MultiCropAugmentation(cfg).Apply(x, g);
        var crops = cat(new[] { batch.GlobalCrops, batch.LocalCrops }) * 16; // [1000, 1, 4, 4]
        var first = crops[.., 0, 0, 0];
        // The top-left pixel tells the flip pair: 0 none, 3 horizontal, 12 vertical, 15 both.
        foreach (float corner in new[] { 0f, 3f, 12f, 15f })
        {
            double share = first.eq(corner).to(ScalarType.Float64).mean().item<double>();
            Assert.InRange(share, 0.20, 0.30);
        }
    }

    [Fact]
    public void Local_boxes_cover_the_scale_range_with_bounded_aspect_and_stay_inside()
    {
        using var scope = NewDisposeScope();
        using var g = new Generator(5);
        const long size = 512;
        var boxes = ResizedCropSampler.SampleBoxes(4000, size, size, (0.005, 0.4), (3.0 / 4, 4.0 / 3), 10, g);
        var (top, left, h, w) = (boxes[.., 0], boxes[.., 1], boxes[.., 2], boxes[.., 3]);
        var fraction = h * w / (double)(size * size);
        // Rounding the sides to whole pixels moves the smallest (≈36 px) boxes' area by a few percent.
        Assert.True(fraction.min().item<double>() >= 0.005 * 0.94);
        Assert.True(fraction.max().item<double>() <= 0.4 * 1.02);
        // Uniform area fraction on (0.005, 0.4): mean 0.2025, sd 0.114 (se 0.0018 over 4000 boxes).
        Assert.InRange(fraction.mean().item<double>(), 0.195, 0.210);
        var aspect = w / h;
        Assert.True(aspect.min().item<double>() >= 0.75 / 1.06);
        Assert.True(aspect.max().item<double>() <= 4.0 / 3 * 1.06);
        // log-uniform aspect: as many boxes wider than tall as taller than wide.
        double wide = aspect.gt(1.0).to(ScalarType.Float64).mean().item<double>();
        Assert.InRange(wide, 0.44, 0.56);
        Assert.True(top.min().item<double>() >= 0 && left.min().item<double>() >= 0);
        Assert.True((top + h).max().item<double>() <= size && (left + w).max().item<double>() <= size);
        // Offsets are spread over the free range, centred on it.
        var relTop = top / (size - h);
        Assert.InRange(relTop.mean().item<double>(), 0.47, 0.53);
    }

    [Fact]
    public void Global_boxes_have_area_fraction_in_range()
    {
        using var scope = NewDisposeScope();
        using var g = new Generator(6);
        var boxes = ResizedCropSampler.SampleBoxes(2000, 64, 64, (0.4, 1.0), (3.0 / 4, 4.0 / 3), 10, g);
        var fraction = boxes[.., 2] * boxes[.., 3] / (64.0 * 64.0);
        Assert.True(fraction.min().item<double>() >= 0.4 * 0.96);
        Assert.True(fraction.max().item<double>() <= 1.0);
        Assert.True(boxes[.., 2].max().item<double>() <= 64 && boxes[.., 3].max().item<double>() <= 64);
    }

    [Theory]
    [InlineData(24, 32, 24, 24)]    // wider than 1:1 allows: full height, square
    [InlineData(40, 20, 20, 20)]    // taller: full width
    [InlineData(30, 30, 30, 30)]    // within the range: the whole image
    public void Fallback_size_follows_torchvision(long h, long w, long wantH, long wantW)
    {
        Assert.Equal((wantH, wantW), ResizedCropSampler.FallbackSize(h, w, (1.0, 1.0)));
    }

    [Fact]
    public void Fallback_with_default_ratio_keeps_the_nearest_allowed_aspect()
    {
        // 100 wide, 40 tall: in-ratio 2.5 > 4/3 → height 40, width round(40·4/3) = 53.
        Assert.Equal((40L, 53L), ResizedCropSampler.FallbackSize(40, 100, (3.0 / 4, 4.0 / 3)));
        // 40 wide, 100 tall: in-ratio 0.4 < 3/4 → width 40, height round(40/(3/4)) = 53.
        Assert.Equal((53L, 40L), ResizedCropSampler.FallbackSize(100, 40, (3.0 / 4, 4.0 / 3)));
    }
}
