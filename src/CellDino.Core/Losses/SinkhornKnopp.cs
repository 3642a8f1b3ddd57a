using static TorchSharp.torch;

namespace CellDino.Core.Losses;

/// <summary>The Sinkhorn-Knopp teacher normalization shared by the DINO and iBOT losses (single process).</summary>
internal static class SinkhornKnopp
{
    /// <summary>
    /// Q = exp(t/τ)ᵀ (K × n), Q /= ΣQ; then <paramref name="iterations"/> times: rows /= row sums and /K,
    /// columns /= column sums and /<paramref name="samples"/>; finally Q·<paramref name="samples"/>, transposed
    /// back to [n, K]. No maximum is subtracted (as DINOv2): |t/τ| must stay well below 88 in float32.
    /// </summary>
    public static Tensor Run(Tensor teacherOutput, double teacherTemp, double samples, int iterations)
    {
        if (teacherOutput.dim() != 2)
            throw new ArgumentException($"Sinkhorn-Knopp expects teacher outputs [n, K], got [{string.Join(", ", teacherOutput.shape)}].", nameof(teacherOutput));
        if (!(teacherTemp > 0)) throw new ArgumentOutOfRangeException(nameof(teacherTemp), teacherTemp, "teacher temperature must be positive.");
        if (iterations < 0) throw new ArgumentOutOfRangeException(nameof(iterations), iterations, "iterations must be >= 0.");
        if (!(samples > 0)) throw new ArgumentOutOfRangeException(nameof(samples), samples, "the number of samples must be positive.");
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var q = (teacherOutput.to(ScalarType.Float32) / teacherTemp).exp_().t().contiguous();
        double k = q.shape[0];
        q.div_(q.sum());
        for (int it = 0; it < iterations; it++)
        {
            q.div_(q.sum(1, keepdim: true));
            q.div_(k);
            q.div_(q.sum(0, keepdim: true));
            q.div_(samples);
        }
        q.mul_(samples);
        return q.t().MoveToOuterDisposeScope();
    }
}
