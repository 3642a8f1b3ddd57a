namespace CellDino.Core.Augmentation;

/// <summary>
/// iBOT/BEiT block masking on a patch grid (DINOv2's <c>MaskingGenerator</c>): rectangles of random area and
/// log-uniform aspect ratio are added until the requested number of patches is masked; a block is kept only if it
/// masks at least one new patch and does not overshoot the request, and masking stops early when 10 draws in a row
/// add nothing.
/// </summary>
internal sealed class MaskingGenerator
{
    /// <summary>Creates a generator for a <paramref name="height"/>×<paramref name="width"/> patch grid.</summary>
    /// <param name="height">Patch rows.</param>
    /// <param name="width">Patch columns.</param>
    /// <param name="maxNumPatches">Largest area of one block (DINOv2 trains with half the grid); null: unbounded.</param>
    /// <param name="minNumPatches">Smallest target area of one block.</param>
    /// <param name="minAspect">Smallest block aspect ratio (height / width).</param>
    /// <param name="maxAspect">Largest block aspect ratio; null: 1 / <paramref name="minAspect"/>.</param>
    public MaskingGenerator(int height, int width, double? maxNumPatches = null, int minNumPatches = 4, double minAspect = 0.3, double? maxAspect = null)
    {
        if (height <= 0 || width <= 0) throw new ArgumentOutOfRangeException(nameof(height), $"Patch grid must be positive, got {height}×{width}.");
        if (minNumPatches < 0) throw new ArgumentOutOfRangeException(nameof(minNumPatches), $"Minimum block area must be >= 0, got {minNumPatches}.");
        double maxA = maxAspect ?? 1.0 / minAspect;
        if (!(minAspect > 0) || !(maxA >= minAspect) || double.IsInfinity(maxA))
            throw new ArgumentOutOfRangeException(nameof(minAspect), $"Aspect range must satisfy 0 < min <= max < inf, got ({minAspect}, {maxA}).");
        Height = height;
        Width = width;
        MinNumPatches = minNumPatches;
        MaxNumPatches = maxNumPatches ?? double.PositiveInfinity;
        LogAspectMin = Math.Log(minAspect);
        LogAspectMax = Math.Log(maxA);
    }

    /// <summary>
    /// DINOv2's training generator for global crops of <paramref name="imageSize"/> px and <paramref name="patchSize"/> px
    /// patches: grid <c>imageSize // patchSize</c>, blocks up to <c>((0.5·imageSize // patchSize)·imageSize) // patchSize</c>
    /// patches (half the grid when the grid side is even).
    /// </summary>
    public static MaskingGenerator ForTraining(int imageSize, int patchSize)
    {
        if (imageSize <= 0 || patchSize <= 0 || imageSize < patchSize)
            throw new ArgumentOutOfRangeException(nameof(imageSize), $"Need 0 < patch size <= image size, got image {imageSize}, patch {patchSize}.");
        int grid = imageSize / patchSize;
        // Python evaluates 0.5 * img // p * img // p left to right with float floor divisions.
        double maxBlock = Math.Floor(Math.Floor(0.5 * imageSize / patchSize) * imageSize / patchSize);
        return new MaskingGenerator(grid, grid, maxNumPatches: maxBlock);
    }

    /// <summary>Patch rows.</summary>
    public int Height { get; }

    /// <summary>Patch columns.</summary>
    public int Width { get; }

    /// <summary>Patches in the grid.</summary>
    public int NumPatches => Height * Width;

    /// <summary>Smallest target area of one block.</summary>
    public int MinNumPatches { get; }

    /// <summary>Largest area of one block.</summary>
    public double MaxNumPatches { get; }

    private double LogAspectMin { get; }

    private double LogAspectMax { get; }

    /// <summary>
    /// A mask [Height, Width] (true = masked) with at most <paramref name="numMaskingPatches"/> masked patches.
    /// </summary>
    /// <param name="numMaskingPatches">Requested count; 0 gives an empty mask without drawing.</param>
    /// <param name="random">Source of randomness.</param>
    public bool[,] Generate(int numMaskingPatches, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var mask = new bool[Height, Width];
        int count = 0;
        while (count < numMaskingPatches)
        {
            double budget = Math.Min(numMaskingPatches - count, MaxNumPatches);
            int delta = AddBlock(mask, budget, random);
            if (delta == 0) break;
            count += delta;
        }
        return mask;
    }

    /// <summary>Tries up to 10 blocks; masks the first that adds 1..<paramref name="budget"/> new patches; returns how many it added.</summary>
    private int AddBlock(bool[,] mask, double budget, Random random)
    {
        for (int attempt = 0; attempt < 10; attempt++)
        {
            // Uniform(a, b) as Python's random.uniform: a + (b − a)·u, also when b < a.
            double area = MinNumPatches + (budget - MinNumPatches) * random.NextDouble();
            double aspect = Math.Exp(LogAspectMin + (LogAspectMax - LogAspectMin) * random.NextDouble());
            int h = (int)Math.Round(Math.Sqrt(area * aspect), MidpointRounding.ToEven);
            int w = (int)Math.Round(Math.Sqrt(area / aspect), MidpointRounding.ToEven);
            if (w >= Width || h >= Height) continue;
            int top = random.Next(0, Height - h + 1);
            int left = random.Next(0, Width - w + 1);
            int already = 0;
            for (int i = top; i < top + h; i++)
                for (int j = left; j < left + w; j++)
                    if (mask[i, j]) already++;
            int fresh = h * w - already;
            if (fresh <= 0 || fresh > budget) continue;
            for (int i = top; i < top + h; i++)
                for (int j = left; j < left + w; j++)
                    mask[i, j] = true;
            return fresh;
        }
        return 0;
    }
}
