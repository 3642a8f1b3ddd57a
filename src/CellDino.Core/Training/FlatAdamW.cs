using static TorchSharp.torch;

namespace CellDino.Core.Training;

/// <summary>
/// AdamW (PyTorch's update, decoupled weight decay) over one flat parameter buffer whose parameter groups are
/// contiguous segments: the moments update in three kernels over the whole buffer, the step in two per group, instead
/// of a host loop over every parameter (TorchSharp has no <c>_foreach</c> ops).
/// </summary>
internal sealed class FlatAdamW : IDisposable
{
    private readonly Tensor _params;
    private readonly IReadOnlyList<FlatSegment> _segments;
    private readonly double _beta1, _beta2, _eps;

    public FlatAdamW(Tensor flatParams, IReadOnlyList<FlatSegment> segments, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8)
    {
        _params = flatParams;
        _segments = segments;
        (_beta1, _beta2, _eps) = (beta1, beta2, eps);
        ExpAvg = zeros_like(flatParams);
        ExpAvgSq = zeros_like(flatParams);
    }

    /// <summary>First moments, same layout as the parameters.</summary>
    public Tensor ExpAvg { get; }

    /// <summary>Second moments.</summary>
    public Tensor ExpAvgSq { get; }

    /// <summary>Optimizer steps taken.</summary>
    public long StepCount { get; set; }

    public void Step(Tensor flatGrad, double lr, double lastLayerLr, double weightDecay)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        StepCount++;
        ExpAvg.lerp_(flatGrad, 1 - _beta1);
        ExpAvgSq.mul_(_beta2).addcmul_(flatGrad, flatGrad, 1 - _beta2);
        double bc1 = 1 - Math.Pow(_beta1, StepCount);
        double bc2Sqrt = Math.Sqrt(1 - Math.Pow(_beta2, StepCount));
        var denom = ExpAvgSq.sqrt().div_(bc2Sqrt).add_(_eps);
        foreach (var s in _segments)
        {
            double groupLr = (s.IsLastLayer ? lastLayerLr : lr) * s.LrMultiplier;
            double groupWd = weightDecay * s.WdMultiplier;
            var p = _params.narrow(0, s.Start, s.Length);
            if (groupLr * groupWd != 0) p.mul_(1 - groupLr * groupWd);
            if (groupLr != 0) p.addcdiv_(ExpAvg.narrow(0, s.Start, s.Length), denom.narrow(0, s.Start, s.Length), -groupLr / bc1);
        }
    }

    public void Dispose()
    {
        ExpAvg.Dispose();
        ExpAvgSq.Dispose();
    }
}
