using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CellDino.Core.Layers;

/// <summary>
/// Image to patch tokens: a strided Conv2d over any number of input channels, flattened row-major.
/// State-dict keys: <c>proj.weight</c>, <c>proj.bias</c>.
/// </summary>
public sealed class PatchEmbed : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // field names are PyTorch's: they become state-dict keys
    private readonly Conv2d proj;
#pragma warning restore IDE1006

    /// <summary>Creates the embedding for <paramref name="inChannels"/>-channel images.</summary>
    public PatchEmbed(int patchSize, int inChannels, int embedDim) : base(nameof(PatchEmbed))
    {
        PatchSize = patchSize;
        InChannels = inChannels;
        proj = nn.Conv2d(inChannels, embedDim, kernel_size: patchSize, stride: patchSize, bias: true);
        RegisterComponents();
    }

    /// <summary>Side of the square patch in pixels.</summary>
    public int PatchSize { get; }

    /// <summary>Number of image channels expected.</summary>
    public int InChannels { get; }

    /// <summary>[B, C, H, W] → [B, (H/p)·(W/p), D].</summary>
    public override Tensor forward(Tensor images)
    {
        if (images.dim() != 4 || images.shape[1] != InChannels)
            throw new ArgumentException($"expected images [B, {InChannels}, H, W], got [{string.Join(", ", images.shape)}].", nameof(images));
        long h = images.shape[2], w = images.shape[3];
        if (h % PatchSize != 0 || w % PatchSize != 0)
            throw new ArgumentException($"image size {h}×{w} is not a multiple of the patch size {PatchSize}.", nameof(images));
        using var x = proj.forward(images);
        return x.flatten(2).transpose(1, 2);
    }
}
