using CellDino.Core.Layers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CellDino.Core.Heads;

/// <summary>
/// The DINO/iBOT projection head of DINOv2 (<c>DINOHead</c>): an MLP
/// Linear–GELU–(Linear–GELU)×(n−2)–Linear (optionally with BatchNorm1d after each hidden Linear) into a bottleneck, L2 normalization of each row, then a
/// weight-normalized bias-free Linear onto the K prototypes. Keys: <c>mlp.0.*</c>, <c>mlp.2.*</c>, …,
/// <c>mlp.{2(n−1)}.*</c> (or <c>mlp.*</c> when n = 1), <c>last_layer.weight_g</c>, <c>last_layer.weight_v</c>.
/// </summary>
public sealed class DinoHead : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // PyTorch names: they are the state-dict keys
    private readonly nn.Module<Tensor, Tensor> mlp;
    private readonly WeightNormLinear last_layer;
#pragma warning restore IDE1006

    /// <summary>Builds the head for <paramref name="config"/> with DINOv2's initialization.</summary>
    /// <param name="config">Shape of the head.</param>
    /// <param name="seed">Seed for the initial weights (null: torch's global generator).</param>
    public DinoHead(DinoHeadConfig config, long? seed = null) : base(nameof(DinoHead))
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        Config = config;
        mlp = BuildMlp(config);
        var g = seed is long s ? new Generator((ulong)s) : null;
        InitMlp(g);
        last_layer = new WeightNormLinear(config.BottleneckDim, config.OutDim, g);
        RegisterComponents();
    }

    /// <summary>The configuration this head was built with.</summary>
    public DinoHeadConfig Config { get; }

    /// <summary>The weight-normalized prototype layer (its parameters follow the last-layer learning rate).</summary>
    public WeightNormLinear LastLayer => last_layer;

    /// <summary>[…, in_dim] → […, out_dim] prototype scores (cosine-like: ‖row‖ ≤ max g).</summary>
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var z = Bottleneck(x);
        return last_layer.forward(z).MoveToOuterDisposeScope();
    }

    /// <summary>The MLP output [..., bottleneck] before normalization.</summary>
    public Tensor ForwardMlp(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.dim() < 1 || x.shape[^1] != Config.InDim)
            throw new ArgumentException($"DinoHead expects inputs [..., {Config.InDim}], got [{string.Join(", ", x.shape)}].", nameof(x));
        return mlp.forward(x);
    }

    /// <summary>The L2-normalized bottleneck [..., bottleneck] (eps 1e-12, or 1e-6 for float16 as DINOv2).</summary>
    public Tensor Bottleneck(Tensor x)
    {
        using var h = ForwardMlp(x);
        double eps = h.dtype == ScalarType.Float16 ? 1e-6 : 1e-12;
        return nn.functional.normalize(h, p: 2, dim: -1, eps: eps);
    }

    private static nn.Module<Tensor, Tensor> BuildMlp(DinoHeadConfig c)
    {
        if (c.NumLayers == 1) return nn.Linear(c.InDim, c.BottleneckDim, hasBias: c.MlpBias);
        // Indices follow nn.Sequential numbering so the keys are mlp.0, mlp.2, ... (GELUs hold no weights).
        var layers = new List<(string, nn.Module<Tensor, Tensor>)>();
        void Add(nn.Module<Tensor, Tensor> m) => layers.Add((layers.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), m));
        Add(nn.Linear(c.InDim, c.HiddenDim, hasBias: c.MlpBias));
        if (c.UseBatchNorm) Add(nn.BatchNorm1d(c.HiddenDim));
        Add(nn.GELU());
        for (int i = 0; i < c.NumLayers - 2; i++)
        {
            Add(nn.Linear(c.HiddenDim, c.HiddenDim, hasBias: c.MlpBias));
            if (c.UseBatchNorm) Add(nn.BatchNorm1d(c.HiddenDim));
            Add(nn.GELU());
        }
        Add(nn.Linear(c.HiddenDim, c.BottleneckDim, hasBias: c.MlpBias));
        return nn.Sequential(layers.ToArray());
    }

    // DINOv2: trunc-normal(0.02) weights and zero biases on the MLP; the prototype layer keeps
    // PyTorch's default Linear init for v and sets g to 1 (done in WeightNormLinear).
    private void InitMlp(Generator? g)
    {
        using var _ = no_grad();
        foreach (var module in mlp.modules().Prepend(mlp).Distinct())
        {
            if (module is Linear lin)
            {
                Init.TruncNormal_(lin.weight!, std: 0.02, generator: g);
                lin.bias?.zero_();
            }
        }
    }
}
