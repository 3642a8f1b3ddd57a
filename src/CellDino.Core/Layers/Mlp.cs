using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CellDino.Core.Layers;

/// <summary>The transformer feed-forward network: Linear → exact GELU → Linear. Keys: <c>fc1.*</c>, <c>fc2.*</c>.</summary>
public sealed class Mlp : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006
    private readonly Linear fc1;
    private readonly Linear fc2;
#pragma warning restore IDE1006

    /// <summary>Creates the MLP <paramref name="inFeatures"/> → <paramref name="hiddenFeatures"/> → <paramref name="inFeatures"/>.</summary>
    public Mlp(int inFeatures, int hiddenFeatures, bool bias = true) : base(nameof(Mlp))
    {
        fc1 = nn.Linear(inFeatures, hiddenFeatures, hasBias: bias);
        fc2 = nn.Linear(hiddenFeatures, inFeatures, hasBias: bias);
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor x)
    {
        using var h = fc1.forward(x);
        using var a = nn.functional.gelu(h);
        return fc2.forward(a);
    }
}
