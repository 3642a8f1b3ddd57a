using static TorchSharp.torch;

namespace CellDino.Core.Augmentation;

/// <summary>
/// Builds the iBOT masks of a batch as DINOv2's <c>collate_data_and_cast</c>: <c>int(nImages · p)</c> images get a
/// block mask, image <c>i</c> of them asking for <c>int(N · U(r_i, r_{i+1}))</c> patches with
/// <c>r = linspace(min, max, masked + 1)</c> (stratified ratios), the others get none, and the list is shuffled.
/// </summary>
internal sealed class IbotMaskCollator
{
    /// <summary>Creates the collator.</summary>
    /// <param name="generator">Block-mask generator for the global crops' patch grid.</param>
    /// <param name="maskProbability">Fraction of the images that receive a mask (DINOv2: 0.5).</param>
    /// <param name="maskRatioMin">Lower end of the mask-ratio range (DINOv2: 0.1).</param>
    /// <param name="maskRatioMax">Upper end of the mask-ratio range (DINOv2: 0.5).</param>
    public IbotMaskCollator(MaskingGenerator generator, double maskProbability = 0.5, double maskRatioMin = 0.1, double maskRatioMax = 0.5)
    {
        ArgumentNullException.ThrowIfNull(generator);
        if (!(maskProbability >= 0 && maskProbability <= 1))
            throw new ArgumentOutOfRangeException(nameof(maskProbability), $"Mask probability must be in [0, 1], got {maskProbability}.");
        if (!(maskRatioMin >= 0 && maskRatioMax >= maskRatioMin && maskRatioMax <= 1))
            throw new ArgumentOutOfRangeException(nameof(maskRatioMin), $"Mask ratios must satisfy 0 <= min <= max <= 1, got ({maskRatioMin}, {maskRatioMax}).");
        Generator = generator;
        MaskProbability = maskProbability;
        MaskRatioMin = maskRatioMin;
        MaskRatioMax = maskRatioMax;
    }

    /// <summary>The block-mask generator.</summary>
    public MaskingGenerator Generator { get; }

    /// <summary>Fraction of the images that receive a mask.</summary>
    public double MaskProbability { get; }

    /// <summary>Lower end of the mask-ratio range.</summary>
    public double MaskRatioMin { get; }

    /// <summary>Upper end of the mask-ratio range.</summary>
    public double MaskRatioMax { get; }

    /// <summary>Masks for <paramref name="nImages"/> collated global crops (2B for 2 crops of B images).</summary>
    /// <param name="nImages">Rows of the collated global-crop batch.</param>
    /// <param name="random">Source of randomness (the mask shapes and the shuffle).</param>
    /// <param name="device">Device of the returned tensors (CPU when null).</param>
    public IbotMasks Collate(int nImages, Random random, Device? device = null) => CollateWithTargets(nImages, random, device).Masks;

    /// <summary>As <see cref="Collate"/>, also returning each row's requested patch count (0 for unmasked rows).</summary>
    internal (IbotMasks Masks, int[] Targets) CollateWithTargets(int nImages, Random random, Device? device)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(nImages);
        ArgumentNullException.ThrowIfNull(random);
        int n = Generator.NumPatches;
        int nMasked = (int)(nImages * MaskProbability);
        float[] probs = Linspace32(MaskRatioMin, MaskRatioMax, nMasked + 1);

        var rows = new (bool[,] Mask, int Target)[nImages];
        int upperbound = 0;
        for (int i = 0; i < nMasked; i++)
        {
            // float32 arithmetic as DINOv2 does on its linspace tensor elements.
            float ratio = probs[i] + (probs[i + 1] - probs[i]) * (float)random.NextDouble();
            int target = (int)(n * ratio);
            rows[i] = (Generator.Generate(target, random), target);
            upperbound += (int)(n * probs[i + 1]);
        }
        for (int i = nMasked; i < nImages; i++) rows[i] = (Generator.Generate(0, random), 0);

        // Fisher–Yates as Python's random.shuffle.
        for (int i = nImages - 1; i > 0; i--)
        {
            int j = random.Next(i + 1);
            (rows[i], rows[j]) = (rows[j], rows[i]);
        }

        var flat = new bool[(long)nImages * n];
        var indices = new List<long>();
        var weights = new List<float>();
        for (int r = 0; r < nImages; r++)
        {
            var m = rows[r].Mask;
            int count = 0;
            foreach (bool b in m) if (b) count++;
            float weight = 1f / Math.Max(count, 1);
            int k = 0;
            foreach (bool b in m)
            {
                long at = (long)r * n + k++;
                flat[at] = b;
                if (b) { indices.Add(at); weights.Add(weight); }
            }
        }

        var dev = device ?? CPU;
        using var scope = NewDisposeScope();
        var result = new IbotMasks(
            tensor(flat).reshape(nImages, n).to(dev).MoveToOuterDisposeScope(),
            tensor(indices.ToArray(), ScalarType.Int64).to(dev).MoveToOuterDisposeScope(),
            tensor(weights.ToArray(), ScalarType.Float32).to(dev).MoveToOuterDisposeScope(),
            tensor(new long[] { indices.Count }, ScalarType.Int64).to(dev).MoveToOuterDisposeScope(),
            upperbound);
        return (result, rows.Select(r => r.Target).ToArray());
    }

    /// <summary><c>torch.linspace</c> in float32: start + i·step for the first half, end − (steps−1−i)·step for the rest.</summary>
    private static float[] Linspace32(double start, double end, int steps)
    {
        var r = new float[steps];
        if (steps == 1) { r[0] = (float)start; return r; }
        float s = (float)start, e = (float)end, step = (e - s) / (steps - 1);
        int half = steps / 2;
        for (int i = 0; i < steps; i++) r[i] = i < half ? s + i * step : e - (steps - 1 - i) * step;
        return r;
    }
}
