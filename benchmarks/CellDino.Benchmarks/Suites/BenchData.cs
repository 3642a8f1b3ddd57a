using CellDino.Eval.Embedding;
using static TorchSharp.torch;

namespace CellDino.Benchmarks.Suites;

/// <summary>Deterministic synthetic inputs for the benchmarks.</summary>
public static class BenchData
{
    /// <summary>
    /// A 16-bit-range field: smooth blobs plus noise, so compression and intensity statistics are plausible
    /// (pure noise would make LZW/deflate unrealistically slow and large).
    /// </summary>
    public static float[] Field(int channels, int size, int seed)
    {
        var rng = new Random(seed);
        var pixels = new float[channels * size * size];
        for (int c = 0; c < channels; c++)
        {
            double fx = 0.01 + 0.03 * rng.NextDouble(), fy = 0.01 + 0.03 * rng.NextDouble(), phase = rng.NextDouble() * 6.28;
            int off = c * size * size;
            for (int y = 0; y < size; y++)
                for (int x = 0; x < size; x++)
                {
                    double blob = Math.Max(0, Math.Sin(fx * x + phase) * Math.Cos(fy * y));
                    double v = 800 + 20000 * blob * blob + rng.Next(0, 400);
                    pixels[off + y * size + x] = (float)Math.Min(65535, v);
                }
        }
        return pixels;
    }

    /// <summary>A batch <c>[B, C, S, S]</c> of <see cref="Field"/> images as float32.</summary>
    public static Tensor RawImages(int batch, int channels, int size, int seed)
    {
        var all = new float[batch * channels * size * size];
        for (int b = 0; b < batch; b++) Field(channels, size, seed + b).CopyTo(all, b * channels * size * size);
        return tensor(all, new long[] { batch, channels, size, size });
    }

    /// <summary>Standard-normal embeddings, <paramref name="n"/> rows of width <paramref name="d"/>.</summary>
    public static EmbeddingSet Gaussian(int n, int d, int seed)
    {
        var rng = new Random(seed);
        var a = new float[n * d];
        for (int i = 0; i < a.Length; i++)
            a[i] = (float)(Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble()));
        return new EmbeddingSet(a, d);
    }
}
