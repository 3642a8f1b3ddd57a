using static TorchSharp.torch;

namespace CellDino.Eval.Probes;

/// <summary>
/// AdamW (PyTorch's update: decoupled decay <c>p ← p·(1 − lr·wd)</c>, bias-corrected moments, eps added after the
/// square root) whose learning rate and weight decay are tensors broadcast against each parameter. That lets one
/// stacked weight <c>[K, C, D]</c> carry K classifiers with their own hyper-parameters, as DINOv2's K parameter groups.
/// </summary>
internal sealed class BatchedAdamW : IDisposable
{
    private readonly Tensor[] _params;
    private readonly Tensor[] _m;
    private readonly Tensor[] _v;
    private readonly double _beta1, _beta2, _eps;
    private int _step;

    public BatchedAdamW(IReadOnlyList<Tensor> parameters, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8)
    {
        _params = parameters.ToArray();
        _m = _params.Select(p => zeros_like(p).DetachFromDisposeScope()).ToArray();
        _v = _params.Select(p => zeros_like(p).DetachFromDisposeScope()).ToArray();
        _beta1 = beta1;
        _beta2 = beta2;
        _eps = eps;
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

    /// <summary>One update; <paramref name="lr"/>[i] and <paramref name="weightDecay"/>[i] broadcast against parameter i.</summary>
    public void Step(IReadOnlyList<Tensor> lr, IReadOnlyList<Tensor> weightDecay)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        _step++;
        double bc1 = 1 - Math.Pow(_beta1, _step);
        double bc2Sqrt = Math.Sqrt(1 - Math.Pow(_beta2, _step));
        for (int i = 0; i < _params.Length; i++)
        {
            var p = _params[i];
            var g = p.grad ?? throw new InvalidOperationException("BatchedAdamW.Step called before backward: a parameter has no gradient.");
            p.mul_(lr[i].mul(weightDecay[i]).neg().add(1));
            _m[i].mul_(_beta1).add_(g, alpha: 1 - _beta1);
            _v[i].mul_(_beta2).addcmul_(g, g, value: 1 - _beta2);
            var denom = _v[i].sqrt().div_(bc2Sqrt).add_(_eps);
            p.sub_(_m[i].div(denom).mul_(lr[i]).div_(bc1));
        }
    }

    /// <summary>One update with the same scalar learning rate and weight decay for every parameter.</summary>
    public void Step(double lr, double weightDecay)
    {
        using var scope = NewDisposeScope();
        var device = _params[0].device;
        var l = tensor(lr, dtype: ScalarType.Float32, device: device);
        var w = tensor(weightDecay, dtype: ScalarType.Float32, device: device);
        var lrs = Enumerable.Repeat(l, _params.Length).ToArray();
        var wds = Enumerable.Repeat(w, _params.Length).ToArray();
        Step(lrs, wds);
    }

    public void Dispose()
    {
        foreach (var t in _m) t.Dispose();
        foreach (var t in _v) t.Dispose();
    }
}
