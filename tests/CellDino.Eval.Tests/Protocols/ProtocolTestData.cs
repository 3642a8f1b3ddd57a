using CellDino.Data.Samples;
using CellDino.Eval.Embedding;

namespace CellDino.Eval.Tests.Protocols;

internal static class ProtocolTestData
{
    /// <summary>Gaussian clusters: class c centred at 3·e_c (+ a shared offset), unit-ish noise.</summary>
    public static EmbeddingSet Blobs(int perClass, int classes, int dim, int seed, double noise = 0.5, bool multiLabel = false, string? cellLinePrefix = null)
    {
        var rng = new Random(seed);
        var f = new float[perClass * classes * dim];
        var meta = new SampleMetadata[perClass * classes];
        for (int c = 0, i = 0; c < classes; c++)
            for (int k = 0; k < perClass; k++, i++)
            {
                int second = multiLabel && k % 3 == 0 ? (c + 1) % classes : -1;
                for (int j = 0; j < dim; j++)
                {
                    double v = (j == c ? 3 : 0) + (j == second ? 3 : 0) + noise * Normal(rng) + 1;
                    f[i * dim + j] = (float)v;
                }
                meta[i] = new SampleMetadata
                {
                    Id = $"s{seed}-{i}",
                    Labels = second >= 0 ? [c, second] : [c],
                    CellLine = $"{cellLinePrefix ?? "line"}{c}",
                };
            }
        return new EmbeddingSet(f, dim, meta);
    }

    public static double Normal(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
