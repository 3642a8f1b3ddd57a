using CellDino.Eval.Probes;

namespace CellDino.Eval.Tests.Probes;

/// <summary>Small synthetic data sets with known structure.</summary>
internal static class ProbeData
{
    public static double Gaussian(Random rng) =>
        Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

    /// <summary>
    /// <paramref name="perClass"/> rows of each of <paramref name="classes"/> Gaussian blobs in <paramref name="dim"/>
    /// dimensions: class c has mean <paramref name="separation"/> on axis c and 0 elsewhere, unit noise. Rows are
    /// interleaved by class (row i has class i mod classes).
    /// </summary>
    public static ProbeDataset Blobs(int perClass, int seed, int classes = 4, int dim = 16, double separation = 5, string name = "blobs")
    {
        var rng = new Random(seed);
        int n = perClass * classes;
        var x = new float[n * dim];
        var y = new int[n];
        for (int i = 0; i < n; i++)
        {
            y[i] = i % classes;
            for (int d = 0; d < dim; d++)
                x[i * dim + d] = (float)((d == y[i] ? separation : 0) + Gaussian(rng));
        }
        return ProbeDataset.FromClassIndices(x, dim, y, classes, name);
    }

    /// <summary>
    /// XOR in the first two of <paramref name="dim"/> dimensions: corners (±1, ±1) with noise 0.25, class 1 when the
    /// signs differ; the other dimensions are noise. No linear classifier beats about 50–60 % on it.
    /// </summary>
    public static ProbeDataset Xor(int n, int seed, int dim = 8, string name = "xor")
    {
        var rng = new Random(seed);
        var x = new float[n * dim];
        var y = new int[n];
        for (int i = 0; i < n; i++)
        {
            int a = (i >> 0) & 1, b = (i >> 1) & 1;
            y[i] = a ^ b;
            x[i * dim] = (float)((a == 1 ? 1 : -1) + 0.25 * Gaussian(rng));
            x[i * dim + 1] = (float)((b == 1 ? 1 : -1) + 0.25 * Gaussian(rng));
            for (int d = 2; d < dim; d++) x[i * dim + d] = (float)(0.25 * Gaussian(rng));
        }
        return ProbeDataset.FromClassIndices(x, dim, y, 2, name);
    }

    /// <summary>
    /// Two independent binary labels: label l is on with probability 1/2 and moves feature l to +2 (else −2), unit noise;
    /// rows can carry none, one or both labels.
    /// </summary>
    public static ProbeDataset TwoLabels(int n, int seed, int dim = 16, string name = "two-labels")
    {
        var rng = new Random(seed);
        var x = new float[n * dim];
        var labels = new IReadOnlyList<int>[n];
        for (int i = 0; i < n; i++)
        {
            var set = new List<int>();
            for (int l = 0; l < 2; l++)
            {
                bool on = rng.Next(2) == 1;
                if (on) set.Add(l);
                x[i * dim + l] = (float)((on ? 2 : -2) + Gaussian(rng));
            }
            for (int d = 2; d < dim; d++) x[i * dim + d] = (float)Gaussian(rng);
            labels[i] = set;
        }
        return new ProbeDataset(x, dim, labels, 2, name);
    }

    /// <summary>Fraction of rows whose single predicted class equals their class.</summary>
    public static double Accuracy(int[][] predictions, ProbeDataset data) =>
        Enumerable.Range(0, data.Count).Count(i => predictions[i].Length == 1 && predictions[i][0] == data.Labels[i][0]) / (double)data.Count;
}
