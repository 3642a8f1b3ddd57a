using CellDino.Data.Samples;
using CellDino.Eval.Embedding;

namespace CellDino.Cli.Demo;

/// <summary>
/// The raw-pixel / intensity-statistics baseline: each channel self-normalized (Cell-DINO's evaluation transform) and
/// average-pooled to a <c>g×g</c> grid, plus each channel's mean and standard deviation in [0, 1] units.
/// </summary>
internal static class RawPixelFeatures
{
    /// <summary>Features of every sample (width C·(g² + 2)).</summary>
    public static EmbeddingSet Extract(IMicroscopyDataset dataset, int grid = 8, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        if (grid < 1) throw new ArgumentOutOfRangeException(nameof(grid), "The pooling grid must be at least 1.");
        int channels = dataset.ChannelNames.Count, dim = channels * (grid * grid + 2);
        var features = new float[dataset.Count * dim];
        var meta = new SampleMetadata[dataset.Count];
        Parallel.For(0, dataset.Count, new ParallelOptions { CancellationToken = cancellationToken }, i =>
        {
            var sample = dataset.Get(i);
            var img = sample.Image;
            meta[i] = sample.Metadata;
            var row = features.AsSpan(i * dim, dim);
            var plane = new float[img.Height * img.Width];
            for (int c = 0; c < channels; c++)
            {
                img.Channel(c).CopyTo(plane);
                float scale = 1f / img.SourceMax;
                double sum = 0, sq = 0;
                for (int k = 0; k < plane.Length; k++) { plane[k] *= scale; sum += plane[k]; sq += (double)plane[k] * plane[k]; }
                double mean = sum / plane.Length, std = Math.Sqrt(Math.Max(0, sq / plane.Length - mean * mean));
                int o = c * (grid * grid + 2);
                row[o] = (float)mean;
                row[o + 1] = (float)std;
                for (int gy = 0; gy < grid; gy++)
                    for (int gx = 0; gx < grid; gx++)
                    {
                        int y0 = gy * img.Height / grid, y1 = (gy + 1) * img.Height / grid, x0 = gx * img.Width / grid, x1 = (gx + 1) * img.Width / grid;
                        double s = 0;
                        for (int y = y0; y < y1; y++) for (int x = x0; x < x1; x++) s += plane[y * img.Width + x];
                        int n = Math.Max(1, (y1 - y0) * (x1 - x0));
                        row[o + 2 + gy * grid + gx] = (float)((s / n - mean) / (std + 1e-7));
                    }
            }
        });
        return new EmbeddingSet(features, dim, meta);
    }
}
