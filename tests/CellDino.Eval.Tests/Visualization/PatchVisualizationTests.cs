using System.Globalization;
using CellDino.Eval.Visualization;
using SixLabors.ImageSharp.PixelFormats;
using Xunit;

namespace CellDino.Eval.Tests.Visualization;

public sealed class PatchVisualizationTests : IDisposable
{
    private readonly PlotFiles files = new();

    public void Dispose() => files.Dispose();

    /// <summary>A 4x6 grid: columns 0-2 carry token u, columns 3-5 token v (plus optional tiny per-patch noise).</summary>
    private static PatchGrid TwoRegions(double noise = 0)
    {
        var rng = new Random(3);
        var t = new float[24, 8];
        for (int i = 0; i < 24; i++)
            for (int j = 0; j < 8; j++)
                t[i, j] = (i % 6 < 3 ? (j % 2 == 0 ? 1f : 0f) : (j < 4 ? -1f : 2f)) + (float)(noise * (rng.NextDouble() - 0.5));
        return new PatchGrid(t, 4, 6);
    }

    private static Rgba32 Rgb(float[,,] m, int r, int c) =>
        new((byte)MathF.Round(m[r, c, 0] * 255), (byte)MathF.Round(m[r, c, 1] * 255), (byte)MathF.Round(m[r, c, 2] * 255), 255);

    [Fact]
    public void TwoDistinctRegionsGiveTwoDistinctColours()
    {
        var result = PatchFeatureMap.Compute(TwoRegions());
        var left = new HashSet<Rgba32>();
        var right = new HashSet<Rgba32>();
        for (int r = 0; r < 4; r++)
            for (int c = 0; c < 6; c++) (c < 3 ? left : right).Add(Rgb(result.Rgb, r, c));
        Assert.Single(left);
        Assert.Single(right);
        Assert.NotEqual(left.Single(), right.Single());
        // The first component separates the regions: red is 0 on one side and 1 on the other.
        Assert.Equal(1f, Math.Abs(result.Rgb[0, 0, 0] - result.Rgb[0, 5, 0]), 5);
        Assert.All(result.Foreground, Assert.True);
    }

    [Fact]
    public void NoisyRegionsStaySeparatedInTheFirstComponent()
    {
        var result = PatchFeatureMap.Compute(TwoRegions(noise: 0.05));
        var leftRed = Enumerable.Range(0, 24).Where(i => i % 6 < 3).Select(i => result.Rgb[i / 6, i % 6, 0]).ToArray();
        var rightRed = Enumerable.Range(0, 24).Where(i => i % 6 >= 3).Select(i => result.Rgb[i / 6, i % 6, 0]).ToArray();
        Assert.True(Math.Abs(leftRed.Average() - rightRed.Average()) > 0.9);
    }

    [Fact]
    public void ThresholdOnFirstComponentMasksTheBackground()
    {
        // 4x4 grid: background zeros in rows 0-1, two foreground kinds in rows 2-3.
        var t = new float[16, 6];
        for (int i = 8; i < 16; i++)
            for (int j = 0; j < 6; j++) t[i, j] = 10 + (i % 4 < 2 ? (j == 0 ? 1 : 0) : (j == 1 ? 1 : 0));
        var grid = new PatchGrid(t, 4, 4);
        var above = PatchFeatureMap.Compute(grid, new PatchFeatureMapOptions(FirstComponentThreshold: 0.5));
        var below = PatchFeatureMap.Compute(grid, new PatchFeatureMapOptions(FirstComponentThreshold: 0.5, ForegroundAbove: false));
        // One side of the threshold is exactly the foreground rows; the other the background. The sign convention
        // decides which, so check both options together.
        var fg = above.Foreground.Count(f => f) == 8 && above.Foreground[8] ? above : below;
        var bg = ReferenceEquals(fg, above) ? below : above;
        Assert.Equal(Enumerable.Range(0, 16).Select(i => i >= 8), fg.Foreground);
        Assert.Equal(Enumerable.Range(0, 16).Select(i => i < 8), bg.Foreground);
        for (int i = 0; i < 8; i++) Assert.Equal(new Rgba32(0, 0, 0, 255), Rgb(fg.Rgb, i / 4, i % 4));
        // The second PCA over the foreground separates its two kinds.
        Assert.NotEqual(Rgb(fg.Rgb, 2, 0), Rgb(fg.Rgb, 2, 3));

        var mask = Enumerable.Range(0, 16).Select(i => i % 2 == 0).ToArray();
        var masked = PatchFeatureMap.Compute(grid, new PatchFeatureMapOptions(Mask: mask));
        Assert.Equal(mask, masked.Foreground);
        Assert.Throws<ArgumentException>(() => PatchFeatureMap.Compute(grid, new PatchFeatureMapOptions(Mask: [true, false])));
    }

    [Fact]
    public void WriteSideBySideUpscalesToTheImageSize()
    {
        var grid = TwoRegions();
        var image = new float[3, 32, 48];
        for (int y = 0; y < 32; y++) for (int x = 0; x < 48; x++) image[1, y, x] = x;
        var path = files.Path_("fig9.png");
        var result = PatchFeatureMap.Write(path, grid, 32, 48, image);
        using var img = PlotFiles.LoadPng(path, 2 * 48 + PatchFeatureMap.Gap, 32);
        int left = 48 + PatchFeatureMap.Gap;
        // Patch (1, 0) covers pixels y 8-15, x 0-7 of the map; patch (1, 5) x 40-47.
        Assert.Equal(Rgb(result.Rgb, 1, 0), img[left + 3, 12]);
        Assert.Equal(Rgb(result.Rgb, 1, 5), img[left + 44, 12]);
        // Composite: only the green channel has signal, brighter to the right.
        Assert.Equal(0, img[40, 5].R);
        Assert.True(img[40, 5].G > img[5, 5].G);
        var csv = PlotFiles.ReadCsv(path);
        Assert.Equal(25, csv.Length);
        Assert.Equal(new[] { "7", "1", "1", "1" }, csv[8][..4]);

        var alone = files.Path_("map.png");
        PatchFeatureMap.Write(alone, grid, 64, 96);
        PlotFiles.LoadPng(alone, 96, 64).Dispose();
    }

    [Fact]
    public void BadPatchInputThrows()
    {
        Assert.Throws<ArgumentException>(() => PatchFeatureMap.Compute(new PatchGrid(new float[10, 4], 3, 3)));
        var nan = new float[4, 2];
        nan[2, 1] = float.NaN;
        Assert.Throws<ArgumentException>(() => PatchFeatureMap.Compute(new PatchGrid(nan, 2, 2)));
        Assert.Throws<ArgumentException>(() => PatchFeatureMap.Write(files.Path_("x.png"), TwoRegions(), 0, 10));
    }

    [Fact]
    public void PatchMatchingFindsTheIdenticalPatchAndWritesCosines()
    {
        var source = TwoRegions();
        var t = new float[9, 8];
        for (int i = 0; i < 9; i++) for (int j = 0; j < 8; j++) t[i, j] = (i + 1) * (j == i % 8 ? 1 : 0.1f);
        // Target patch 7 equals source patch (2, 4) up to scale (cosine is scale-free).
        for (int j = 0; j < 8; j++) t[7, j] = 3 * source.Tokens[2 * 6 + 4, j];
        var target = new PatchGrid(t, 3, 3);
        var path = files.Path_("match.png");
        var sim = PatchMatching.Write(path, source, 2, 4, target, 30, 30);
        Assert.Equal(7, Array.IndexOf(sim, sim.Max()));
        Assert.Equal(1, sim[7], 5);
        // Hand cosine for patch 0: q = (-1,-1,-1,-1,2,2,2,2), t0 = (1, .1, ..., .1): (-1 - .3 + .8) / (√20 · √1.07).
        Assert.Equal(-0.5 / (Math.Sqrt(20) * Math.Sqrt(1.07)), sim[0], 5);
        using var img = PlotFiles.LoadPng(path, 2 * 30 + PatchMatching.Gap, 30);
        var csv = PlotFiles.ReadCsv(path);
        Assert.Equal(10, csv.Length);
        Assert.Equal(sim[4], float.Parse(csv[5][3], CultureInfo.InvariantCulture));
        Assert.Throws<ArgumentOutOfRangeException>(() => PatchMatching.Similarities(source, 4, 0, target));
        Assert.Throws<ArgumentException>(() => PatchMatching.Similarities(source, 0, 0, new PatchGrid(new float[9, 3], 3, 3)));
    }
}
