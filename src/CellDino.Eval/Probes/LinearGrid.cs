using static TorchSharp.torch;

namespace CellDino.Eval.Probes;

/// <summary>
/// K linear classifiers stored as one stacked weight <c>[K, C, D]</c> and bias <c>[K, C]</c>, so that one batched
/// matmul evaluates them all; classifier k is <c>logits = x·W[k]ᵀ + b[k]</c>.
/// </summary>
internal sealed class LinearGrid : IDisposable
{
    // Rows scored per matmul when predicting, so a large validation set never materialises all logits at once.
    private const int ScoreChunk = 8192;

    public LinearGrid(Tensor weight, Tensor bias, ProbeTaskKind kind)
    {
        Weight = weight;
        Bias = bias;
        Kind = kind;
    }

    /// <summary>Stacked weights <c>[K, C, D]</c>.</summary>
    public Tensor Weight { get; }

    /// <summary>Stacked biases <c>[K, C]</c>.</summary>
    public Tensor Bias { get; }

    /// <summary>Loss and score kind.</summary>
    public ProbeTaskKind Kind { get; }

    /// <summary>Number of classifiers.</summary>
    public int Count => (int)Weight.shape[0];

    /// <summary>Logits of every classifier for rows <paramref name="x"/> <c>[B, D]</c>: <c>[K, B, C]</c>.</summary>
    public Tensor Logits(Tensor x) => matmul(x.unsqueeze(0), Weight.transpose(1, 2)).add(Bias.unsqueeze(1));

    /// <summary>Probabilities of classifier <paramref name="k"/> on <paramref name="data"/>, row-major <c>[N, C]</c>.</summary>
    public float[] Scores(int k, ProbeDataset data)
    {
        int c = (int)Weight.shape[1];
        var result = new float[(long)data.Count * c];
        using var _ = no_grad();
        for (int start = 0; start < data.Count; start += ScoreChunk)
        {
            using var scope = NewDisposeScope();
            int rows = Math.Min(ScoreChunk, data.Count - start);
            var x = ProbeTraining.Owned(data.Features.AsSpan(start * data.Dim, rows * data.Dim).ToArray(), new long[] { rows, data.Dim }, Weight.device);
            var logits = matmul(x, Weight[k].t()).add(Bias[k]);
            ProbeTraining.ToArray(ProbeTraining.Probabilities(logits, Kind)).CopyTo(result, (long)start * c);
        }
        return result;
    }

    public void Dispose()
    {
        Weight.Dispose();
        Bias.Dispose();
    }
}
