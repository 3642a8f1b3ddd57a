using CellDino.Core.Augmentation;
using static TorchSharp.torch;

namespace CellDino.Core.Tests.Augmentation;

public class MaskingTests
{
    private static int Count(bool[,] m) => m.Cast<bool>().Count(b => b);

    [Fact]
    public void Block_masks_never_exceed_the_request_and_usually_meet_it()
    {
        var gen = MaskingGenerator.ForTraining(64, 8); // 8×8 grid, blocks ≤ 32 patches
        Assert.Equal(32.0, gen.MaxNumPatches);
        var rng = new Random(1);
        int exact = 0, trials = 0;
        for (int target = 0; target <= 40; target++)
        {
            for (int rep = 0; rep < 20; rep++, trials++)
            {
                int n = Count(gen.Generate(target, rng));
                // Below 4 patches (the smallest block target) ten misfits in a row can leave the mask empty.
                Assert.InRange(n, target >= 8 ? 1 : 0, target);
                if (n == target) exact++;
            }
        }
        // Stopping early needs 10 failed draws in a row, which happens only with a few patches left.
        Assert.True(exact > trials * 0.8, $"only {exact} of {trials} masks met their request");
    }

    [Fact]
    public void One_block_request_gives_a_rectangle_within_the_aspect_bounds()
    {
        // With min area = request, the first block's target area equals the request; when it fits, it is one
        // h×w rectangle with h = round(√(A·r)), w = round(√(A/r)), r ∈ [0.3, 1/0.3].
        var gen = new MaskingGenerator(14, 14, maxNumPatches: 98, minNumPatches: 20);
        var rng = new Random(2);
        int rectangles = 0;
        for (int rep = 0; rep < 200; rep++)
        {
            var m = gen.Generate(20, rng);
            var rows = Enumerable.Range(0, 14).Where(i => Enumerable.Range(0, 14).Any(j => m[i, j])).ToArray();
            var cols = Enumerable.Range(0, 14).Where(j => Enumerable.Range(0, 14).Any(i => m[i, j])).ToArray();
            int h = rows.Length, w = cols.Length, n = Count(m);
            Assert.InRange(n, 1, 20);
            if (n != h * w) continue; // a second, smaller block was added
            rectangles++;
            // Aspect 0.3..3.33 on area 20 gives sides from round(√6) = 2 to round(√66.7) = 8.
            Assert.InRange(h, 2, 8);
            Assert.InRange(w, 2, 8);
        }
        Assert.True(rectangles > 100);
    }

    [Fact]
    public void Collator_masks_exactly_half_the_images_with_stratified_ratios()
    {
        var collator = new IbotMaskCollator(MaskingGenerator.ForTraining(64, 8));
        var (masks, targets) = collator.CollateWithTargets(16, new Random(3), null);
        using var _ = masks;
        Assert.Equal(new long[] { 16, 64 }, masks.Masks.shape);
        Assert.Equal(ScalarType.Bool, masks.Masks.dtype);
        // int(16 · 0.5) = 8 images asked for patches, one per stratum of linspace(0.1, 0.5, 9).
        var asked = targets.Where(t => t > 0).OrderBy(t => t).ToArray();
        Assert.Equal(8, asked.Length);
        Assert.Equal(8, targets.Count(t => t == 0));
        for (int i = 0; i < 8; i++)
        {
            double lo = 0.1 + 0.05 * i, hi = lo + 0.05;
            Assert.InRange(asked[i], (int)(64 * lo) - 1, (int)(64 * hi));
        }
        // Upper bound Σ int(64·r_{i+1}) for r = 0.15, 0.2, …, 0.5.
        const int expectedBound = 9 + 12 + 16 + 19 + 22 + 25 + 28 + 32;
        Assert.Equal(expectedBound, masks.Upperbound);
        var perImage = masks.Masks.sum(1).data<long>().ToArray();
        for (int r = 0; r < 16; r++)
        {
            Assert.InRange(perImage[r], targets[r] == 0 ? 0 : 1, targets[r]);
        }
        Assert.True(perImage.Sum() <= masks.Upperbound);
    }

    [Fact]
    public void Indices_weights_and_count_agree_with_the_masks()
    {
        var collator = new IbotMaskCollator(MaskingGenerator.ForTraining(64, 8));
        using var m = collator.Collate(12, new Random(4));
        var flat = m.Masks.flatten();
        var nz = flat.nonzero().flatten();
        Assert.True(nz.equal(m.MaskIndices).all().item<bool>());
        Assert.Equal(nz.shape[0], m.NMaskedPatches.item<long>());
        Assert.Equal(new long[] { 1 }, m.NMaskedPatches.shape);
        // Weight of each masked patch: 1 / (masked patches in its image) → each masked image's weights sum to 1.
        var row = m.MaskIndices.div(64, RoundingMode.floor);
        var counts = m.Masks.sum(1);
        var want = counts.index_select(0, row).to(ScalarType.Float32).reciprocal();
        Assert.True(want.allclose(m.MasksWeight, 1e-6, 1e-7));
        long maskedImages = counts.gt(0).sum().item<long>();
        Assert.Equal(6, maskedImages);
        Assert.Equal(6.0, m.MasksWeight.sum().item<float>(), 4);
    }

    [Fact]
    public void Mask_probability_rounds_down_like_DINOv2()
    {
        // int(6 · 0.3) = 1 masked image, whose ratio is drawn from the single stratum (0.1, 0.5).
        var collator = new IbotMaskCollator(MaskingGenerator.ForTraining(64, 8), maskProbability: 0.3);
        var (m, targets) = collator.CollateWithTargets(6, new Random(5), null);
        using var _ = m;
        Assert.Equal(1, targets.Count(t => t > 0));
        Assert.InRange(targets.Max(), 6, 32);
        Assert.Equal(1, m.Masks.any(1).sum().item<long>());
        Assert.Equal((int)(64 * 0.5f), m.Upperbound);
    }

    [Fact]
    public void Shuffle_spreads_masks_over_rows_and_ratios_average_the_range_middle()
    {
        var collator = new IbotMaskCollator(MaskingGenerator.ForTraining(64, 8));
        var rng = new Random(6);
        var maskedRows = new int[8];
        var ratios = new List<double>();
        for (int rep = 0; rep < 200; rep++)
        {
            var (m, targets) = collator.CollateWithTargets(8, rng, null);
            m.Dispose();
            for (int r = 0; r < 8; r++)
            {
                if (targets[r] > 0) { maskedRows[r]++; ratios.Add(targets[r] / 64.0); }
            }
        }
        // Each row is masked half the time (binomial sd √(200·¼) ≈ 7).
        Assert.All(maskedRows, c => Assert.InRange(c, 70, 130));
        // Stratified ratios in (0.1, 0.5), truncated to whole patches: mean ≈ 0.3 − ½/64.
        Assert.InRange(ratios.Average(), 0.28, 0.30);
        Assert.True(ratios.Min() >= 0.09 && ratios.Max() <= 0.5);
    }

    [Fact]
    public void Same_seed_same_masks()
    {
        var collator = new IbotMaskCollator(MaskingGenerator.ForTraining(224, 16));
        using var a = collator.Collate(32, new Random(7));
        using var b = collator.Collate(32, new Random(7));
        using var c = collator.Collate(32, new Random(8));
        Assert.True(a.Masks.equal(b.Masks).all().item<bool>());
        Assert.False(a.Masks.equal(c.Masks).all().item<bool>());
    }

    [Theory]
    [InlineData(224, 16, 14, 98.0)]   // ViT-L/16 global crops: half of 14×14
    [InlineData(128, 8, 16, 128.0)]   // Cell Painting ViT-S/8
    [InlineData(120, 8, 15, 105.0)]   // odd grid: (60 // 8 = 7) · 120 // 8 = 105, not 112.5
    public void Training_generator_sizes_follow_DINOv2(int image, int patch, int grid, double maxBlock)
    {
        var gen = MaskingGenerator.ForTraining(image, patch);
        Assert.Equal((grid, grid, grid * grid), (gen.Height, gen.Width, gen.NumPatches));
        Assert.Equal(maxBlock, gen.MaxNumPatches);
        Assert.Equal(4, gen.MinNumPatches);
    }

    [Fact]
    public void Bad_arguments_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new MaskingGenerator(0, 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MaskingGenerator(4, 4, minAspect: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new IbotMaskCollator(MaskingGenerator.ForTraining(32, 8), maskProbability: 1.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => new IbotMaskCollator(MaskingGenerator.ForTraining(32, 8), maskRatioMin: 0.6, maskRatioMax: 0.5));
    }
}
