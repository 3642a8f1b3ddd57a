using static TorchSharp.torch;

namespace CellDino.Core.Training;

/// <summary>
/// PyTorch's AdamW (<c>torch.optim.AdamW</c>, single-tensor path: decoupled decay <c>p ← p·(1 − lr·wd)</c>,
/// <c>m ← lerp(m, g, 1 − β1)</c>, <c>v ← β2·v + (1 − β2)·g²</c>, <c>p ← p − lr/(1 − β1ᵗ) · m / (√v/√(1 − β2ᵗ) + ε)</c>), the one
/// implementation behind both the trainer and the evaluation probes. A step is two calls: <see cref="UpdateMoments"/>
/// once over every tensor, then <see cref="Apply(int, double, double, long, long)"/> per parameter group, where a group
/// is a tensor or a contiguous range of a flat one (the trainer's layout), and the learning rate and weight decay may
/// also be tensors broadcast against the parameter (<see cref="Apply(int, Tensor, Tensor)"/>: many probes with their
/// own hyper-parameters stacked in one weight).
/// </summary>
public sealed class AdamW : IDisposable
{
    private readonly Tensor[] _params;
    private readonly Tensor[] _denominators;
    private readonly double _beta1, _beta2, _eps;

    /// <summary>Moments for <paramref name="parameters"/> (zero at start).</summary>
    public AdamW(IReadOnlyList<Tensor> parameters, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (parameters.Count == 0) throw new ArgumentException("AdamW needs at least one parameter.", nameof(parameters));
        if (beta1 is < 0 or >= 1 || beta2 is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(beta1), $"betas must be in [0, 1), got ({beta1}, {beta2}).");
        _params = parameters.ToArray();
        using (no_grad())
        {
            ExpAvg = _params.Select(p => zeros_like(p).DetachFromDisposeScope()).ToArray();
            ExpAvgSq = _params.Select(p => zeros_like(p).DetachFromDisposeScope()).ToArray();
        }
        _denominators = new Tensor[_params.Length];
        (_beta1, _beta2, _eps) = (beta1, beta2, eps);
    }

    /// <summary>First moments, one per parameter, same shapes.</summary>
    public IReadOnlyList<Tensor> ExpAvg { get; }

    /// <summary>Second moments.</summary>
    public IReadOnlyList<Tensor> ExpAvgSq { get; }

    /// <summary>Steps taken (PyTorch's <c>state['step']</c>); set it when restoring moments from a checkpoint.</summary>
    public long StepCount { get; set; }

    /// <summary>
    /// Starts a step: counts it and updates every parameter's moments from its gradient (<paramref name="gradients"/>[i], or
    /// the parameter's own <c>.grad</c> when null).
    /// </summary>
    public void UpdateMoments(IReadOnlyList<Tensor>? gradients = null)
    {
        if (gradients is not null && gradients.Count != _params.Length)
            throw new ArgumentException($"expected {_params.Length} gradients, got {gradients.Count}.", nameof(gradients));
        using var noGrad = no_grad();
        StepCount++;
        double bc2Sqrt = Math.Sqrt(1 - Math.Pow(_beta2, StepCount));
        for (int i = 0; i < _params.Length; i++)
        {
            using var scope = NewDisposeScope();
            var g = gradients?[i] ?? _params[i].grad ?? throw new InvalidOperationException("AdamW.UpdateMoments called before backward: a parameter has no gradient.");
            ExpAvg[i].lerp_(g, 1 - _beta1);
            ExpAvgSq[i].mul_(_beta2).addcmul_(g, g, 1 - _beta2);
            _denominators[i]?.Dispose();
            _denominators[i] = ExpAvgSq[i].sqrt().div_(bc2Sqrt).add_(_eps).DetachFromDisposeScope();
        }
    }

    /// <summary>
    /// Updates parameter <paramref name="index"/> (or its flat range [<paramref name="start"/>, start + <paramref name="length"/>),
    /// length −1 for all of it) with learning rate <paramref name="lr"/> and weight decay <paramref name="weightDecay"/>.
    /// </summary>
    public void Apply(int index, double lr, double weightDecay, long start = 0, long length = -1)
    {
        var (p, m, d) = Slices(index, start, length);
        using (p) using (m) using (d)
        using (no_grad())
        {
            double bc1 = 1 - Math.Pow(_beta1, StepCount);
            if (lr * weightDecay != 0) p.mul_(1 - lr * weightDecay);
            if (lr != 0) p.addcdiv_(m, d, -lr / bc1);
        }
    }

    /// <summary>Updates parameter <paramref name="index"/> with learning rates and weight decays broadcast against it.</summary>
    public void Apply(int index, Tensor lr, Tensor weightDecay)
    {
        ArgumentNullException.ThrowIfNull(lr);
        ArgumentNullException.ThrowIfNull(weightDecay);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var (p, m, d) = Slices(index, 0, -1);
        double bc1 = 1 - Math.Pow(_beta1, StepCount);
        p.mul_(lr.mul(weightDecay).neg_().add_(1));
        p.sub_(m.div(d).mul_(lr).div_(bc1));
    }

    /// <summary>One whole step with the same learning rate and weight decay for every parameter.</summary>
    public void Step(double lr, double weightDecay)
    {
        UpdateMoments();
        for (int i = 0; i < _params.Length; i++) Apply(i, lr, weightDecay);
    }

    /// <summary>Zeroes every parameter's gradient (none exists before the first backward).</summary>
    public void ZeroGrad()
    {
        foreach (var p in _params)
        {
            using var g = p.grad;
            g?.zero_();
        }
    }

    /// <summary>Releases the moments.</summary>
    public void Dispose()
    {
        foreach (var t in ExpAvg.Concat(ExpAvgSq)) t.Dispose();
        foreach (var t in _denominators) t?.Dispose();
    }

    private (Tensor P, Tensor M, Tensor D) Slices(int index, long start, long length)
    {
        if ((uint)index >= (uint)_params.Length) throw new ArgumentOutOfRangeException(nameof(index), index, $"AdamW holds {_params.Length} parameters.");
        var d = _denominators[index] ?? throw new InvalidOperationException("AdamW.Apply called before UpdateMoments.");
        if (start == 0 && length < 0) return (_params[index].alias(), ExpAvg[index].alias(), d.alias());
        if (_params[index].dim() != 1) throw new ArgumentException("a range needs a flat (1-D) parameter.", nameof(start));
        return (_params[index].narrow(0, start, length), ExpAvg[index].narrow(0, start, length), d.narrow(0, start, length));
    }
}
