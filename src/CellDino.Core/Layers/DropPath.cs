using TorchSharp;
using static TorchSharp.torch;

namespace CellDino.Core.Layers;

/// <summary>
/// Stochastic depth per sample: in training, zeroes a residual branch for a random subset of the
/// batch (probability <see cref="Rate"/>) and rescales the kept ones by 1/(1 − rate).
/// </summary>
public sealed class DropPath : nn.Module<Tensor, Tensor>
{
    /// <summary>Creates the layer with drop probability <paramref name="rate"/>.</summary>
    public DropPath(double rate) : base(nameof(DropPath))
    {
        if (rate is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(rate), rate, "drop-path rate must be in [0, 1).");
        Rate = rate;
    }

    /// <summary>Probability of dropping the branch for a sample.</summary>
    public double Rate { get; }

    /// <summary>
    /// Random source for the drop mask (on the input's device); null uses torch's global generator. The trainer sets one
    /// per step so that runs are reproducible without touching global state.
    /// </summary>
    public Generator? Generator { get; set; }

    /// <inheritdoc />
    public override Tensor forward(Tensor x)
    {
        using var mask = Mask(x);
        return mask is null ? x.alias() : x * mask;
    }

    /// <summary>
    /// The per-sample factor this layer multiplies <paramref name="x"/> by, <c>[B, 1, …, 1]</c> with entries 0 or
    /// 1/(1 − rate) (DINOv2's <c>drop_path</c>: the mask is divided by the keep probability before it scales the branch), or
    /// null when the layer is inactive (evaluation, or rate 0). <see cref="Block"/> folds it into its LayerScale.
    /// </summary>
    public Tensor? Mask(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (!training || Rate == 0) return null;
        var keep = 1 - Rate;
        var shape = new long[x.dim()];
        shape[0] = x.shape[0];
        for (int i = 1; i < shape.Length; i++) shape[i] = 1;
        return empty(shape, x.dtype, x.device).bernoulli_(keep, generator: Generator).div_(keep);
    }
}
