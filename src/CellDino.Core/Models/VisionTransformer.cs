using CellDino.Core.Checkpoints;
using CellDino.Core.Layers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CellDino.Core.Models;

/// <summary>
/// The Vision Transformer of DINOv2 and Cell-DINO (<c>DinoVisionTransformer</c>): multi-channel patch
/// embedding, class token, learned position embedding resampled to any input size, optional register
/// tokens, an iBOT mask token, pre-norm blocks and a final LayerNorm. Parameter names equal DINOv2's, so
/// state dicts move between PyTorch and CellDino unchanged.
/// </summary>
public sealed class VisionTransformer : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // PyTorch names: they are the state-dict keys
    private readonly Parameter cls_token;
    private readonly Parameter pos_embed;
    private readonly Parameter? register_tokens;
    private readonly Parameter mask_token;
    private readonly PatchEmbed patch_embed;
    private readonly ModuleList<Block> blocks;
    private readonly LayerNorm norm;
#pragma warning restore IDE1006
    private readonly Block[] _blockArray; // a plain array is not registered, so no duplicate keys

    /// <summary>Builds the network for <paramref name="config"/> with DINOv2's initialization.</summary>
    /// <param name="config">Shape of the network.</param>
    /// <param name="seed">Seed for the initial weights (null: torch's global generator).</param>
    public VisionTransformer(VitConfig config, long? seed = null) : base(nameof(VisionTransformer))
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        Config = config;
        int d = config.EmbedDim;
        int numPatches = config.GridSize * config.GridSize;
        cls_token = nn.Parameter(zeros(1, 1, d).DetachFromDisposeScope());
        pos_embed = nn.Parameter(zeros(1, numPatches + 1, d).DetachFromDisposeScope());
        register_tokens = config.NumRegisterTokens > 0 ? nn.Parameter(zeros(1, config.NumRegisterTokens, d).DetachFromDisposeScope()) : null;
        mask_token = nn.Parameter(zeros(1, d).DetachFromDisposeScope());
        patch_embed = new PatchEmbed(config.PatchSize, config.InChannels, d);
        var rates = DropPathRates(config);
        _blockArray = Enumerable.Range(0, config.Depth)
            .Select(i => new Block(d, config.NumHeads, config.MlpRatio, config.Ffn, config.LayerScaleInit, rates[i],
                                   config.QkvBias, config.ProjBias, config.FfnBias))
            .ToArray();
        blocks = nn.ModuleList(_blockArray);
        norm = nn.LayerNorm(d, eps: 1e-6);
        RegisterComponents();
        InitWeights(seed);
    }

    /// <summary>The configuration this network was built with.</summary>
    public VitConfig Config { get; }

    /// <summary>Token width D.</summary>
    public int EmbedDim => Config.EmbedDim;

    /// <summary>Number of blocks.</summary>
    public int Depth => Config.Depth;

    /// <summary>The iBOT mask token [1, D].</summary>
    public Parameter MaskToken => mask_token;

    /// <summary>The blocks, in order.</summary>
    public IReadOnlyList<Block> Blocks => _blockArray;

    /// <summary>The normalized class token [B, D] (DINOv2's <c>forward</c> in eval mode).</summary>
    public override Tensor forward(Tensor images)
    {
        using var f = ForwardFeatures(images);
        return f.ClsToken.alias();
    }

    /// <summary>
    /// Runs the network and returns its named outputs (DINOv2 <c>forward_features</c>).
    /// </summary>
    /// <param name="images">[B, C, H, W], H and W multiples of the patch size.</param>
    /// <param name="masks">Optional iBOT mask [B, N] (bool or 0/1): masked patch embeddings are replaced by the mask token.</param>
    public VitFeatures ForwardFeatures(Tensor images, Tensor? masks = null)
    {
        using var scope = NewDisposeScope();
        var x = PrepareTokens(images, masks);
        foreach (var blk in _blockArray) x = blk.forward(x);
        var xn = norm.forward(x);
        int r = Config.NumRegisterTokens;
        var result = new VitFeatures(
            xn[.., 0].MoveToOuterDisposeScope(),
            xn[.., 1..(1 + r)].MoveToOuterDisposeScope(),
            xn[.., (1 + r)..].MoveToOuterDisposeScope(),
            x.MoveToOuterDisposeScope(),
            masks);
        return result;
    }

    /// <summary>
    /// Outputs of the last <paramref name="n"/> blocks (DINOv2 <c>get_intermediate_layers</c>), registers dropped.
    /// </summary>
    /// <param name="images">[B, C, H, W].</param>
    /// <param name="n">How many of the last blocks to return.</param>
    /// <param name="norm">Pass each output through the final LayerNorm (DINOv2 default).</param>
    /// <param name="returnClassToken">Also return each block's class token.</param>
    /// <param name="reshape">Return patch tokens as [B, D, h, w] instead of [B, N, D].</param>
    public IReadOnlyList<IntermediateLayer> GetIntermediateLayers(Tensor images, int n = 1, bool norm = true, bool returnClassToken = false, bool reshape = false)
    {
        if (n < 1 || n > Depth) throw new ArgumentOutOfRangeException(nameof(n), n, $"must be in 1..{Depth}.");
        return GetIntermediateLayers(images, Enumerable.Range(Depth - n, n).ToArray(), norm, returnClassToken, reshape);
    }

    /// <summary>Outputs of the blocks at <paramref name="blockIndices"/> (0-based over the whole depth).</summary>
    /// <param name="images">[B, C, H, W].</param>
    /// <param name="blockIndices">Blocks whose outputs to return, in increasing order of depth.</param>
    /// <param name="norm">Pass each output through the final LayerNorm.</param>
    /// <param name="returnClassToken">Also return each block's class token.</param>
    /// <param name="reshape">Return patch tokens as [B, D, h, w] instead of [B, N, D].</param>
    public IReadOnlyList<IntermediateLayer> GetIntermediateLayers(Tensor images, IReadOnlyCollection<int> blockIndices, bool norm = true, bool returnClassToken = false, bool reshape = false)
    {
        ArgumentNullException.ThrowIfNull(blockIndices);
        foreach (var i in blockIndices)
            if (i < 0 || i >= Depth) throw new ArgumentOutOfRangeException(nameof(blockIndices), i, $"block index must be in 0..{Depth - 1}.");
        var wanted = new HashSet<int>(blockIndices);
        int last = wanted.Max();
        using var scope = NewDisposeScope();
        long gridH = images.shape[2] / Config.PatchSize, gridW = images.shape[3] / Config.PatchSize;
        var x = PrepareTokens(images, null);
        var outputs = new List<IntermediateLayer>();
        int start = 1 + Config.NumRegisterTokens;
        for (int i = 0; i <= last; i++)
        {
            x = _blockArray[i].forward(x);
            if (!wanted.Contains(i)) continue;
            var o = norm ? this.norm.forward(x) : x;
            var patches = o[.., start..];
            if (reshape) patches = patches.reshape(o.shape[0], gridH, gridW, -1).permute(0, 3, 1, 2).contiguous();
            outputs.Add(new IntermediateLayer(i, patches.MoveToOuterDisposeScope(),
                returnClassToken ? o[.., 0].MoveToOuterDisposeScope() : null));
        }
        return outputs;
    }

    /// <summary>Patch embedding, mask token, class token, position embedding, registers: the tokens entering block 0.</summary>
    internal Tensor PrepareTokens(Tensor images, Tensor? masks)
    {
        using var scope = NewDisposeScope();
        long b = images.shape[0], h = images.shape[2], w = images.shape[3];
        var x = patch_embed.forward(images);
        if (masks is not null)
        {
            if (masks.dim() != 2 || masks.shape[0] != b || masks.shape[1] != x.shape[1])
                throw new ArgumentException($"masks must be [B, N] = [{b}, {x.shape[1]}], got [{string.Join(", ", masks.shape)}].", nameof(masks));
            var m = masks.to(ScalarType.Bool).unsqueeze(-1);
            x = where(m, mask_token.to(x.dtype).unsqueeze(0), x);
        }
        x = cat(new[] { cls_token.to(x.dtype).expand(b, -1, -1), x }, 1);
        x = x + PositionEmbedding.Interpolate(pos_embed, h / Config.PatchSize, w / Config.PatchSize, Config.InterpolateOffset, Config.InterpolateAntialias).to(x.dtype);
        if (register_tokens is not null)
            x = cat(new[] { x[.., ..1], register_tokens.to(x.dtype).expand(b, -1, -1), x[.., 1..] }, 1);
        return x.MoveToOuterDisposeScope();
    }

    /// <summary>Sets the random source of every block's stochastic depth (null: torch's global generator).</summary>
    public void SetDropPathGenerator(Generator? generator)
    {
        foreach (var m in modules())
            if (m is DropPath dp) dp.Generator = generator;
    }

    /// <summary>The position embedding resampled for an input of <paramref name="height"/>×<paramref name="width"/> pixels.</summary>
    public Tensor InterpolatePosEncoding(long height, long width) =>
        PositionEmbedding.Interpolate(pos_embed, height / Config.PatchSize, width / Config.PatchSize, Config.InterpolateOffset, Config.InterpolateAntialias);

    /// <summary>
    /// Copies a state dict (DINOv2 key names) into this network; see <see cref="StateDictLoader.Load(nn.Module, StateDict, bool)"/>.
    /// </summary>
    /// <param name="stateDict">Tensors by key.</param>
    /// <param name="strict">Throw, copying nothing, on any missing, unexpected or mis-shaped key.</param>
    /// <exception cref="CheckpointFormatException">A strict load found a problem.</exception>
    public LoadReport LoadStateDict(StateDict stateDict, bool strict = true) => StateDictLoader.Load(this, stateDict, strict);

    /// <summary>
    /// Loads a backbone from a <c>.pth</c> or <c>.safetensors</c> checkpoint in any DINOv2 / Cell-DINO layout
    /// (released chunked backbones, <c>teacher_checkpoint.pth</c>, <c>module.</c>-prefixed).
    /// </summary>
    /// <param name="path">The checkpoint file.</param>
    /// <param name="options">Key selection; null for <see cref="CheckpointLoadOptions.Backbone"/>.</param>
    /// <param name="strict">Throw, copying nothing, on any missing, unexpected or mis-shaped key.</param>
    /// <exception cref="CheckpointFormatException">The file is unreadable or does not fit (strict).</exception>
    public LoadReport LoadCheckpoint(string path, CheckpointLoadOptions? options = null, bool strict = true)
    {
        using var stateDict = CheckpointLoader.LoadStateDict(path, options);
        return StateDictLoader.Load(this, stateDict, strict, path);
    }

    /// <summary>Saves this network's state dict (DINOv2 key names) to a safetensors file, atomically.</summary>
    public void SaveSafeTensors(string path) => StateDictLoader.Save(this, path);

    private static double[] DropPathRates(VitConfig c) =>
        Enumerable.Range(0, c.Depth)
            .Select(i => c.DropPathUniform || c.Depth == 1 ? c.DropPathRate : c.DropPathRate * i / (c.Depth - 1))
            .ToArray();

    // DINOv2 init: pos_embed trunc-normal 0.02, cls/register tokens N(0, 1e-6), mask token 0,
    // Linear weights trunc-normal 0.02 with zero bias, LayerNorm (1, 0); the patch Conv2d keeps PyTorch's default.
    private void InitWeights(long? seed)
    {
        using var _ = no_grad();
        var g = seed is long s ? new Generator((ulong)s) : null;
        Init.TruncNormal_(pos_embed, std: 0.02, generator: g);
        cls_token.normal_(0, 1e-6, g);
        register_tokens?.normal_(0, 1e-6, g);
        mask_token.zero_();
        if (g is not null)
        {
            // Re-draw the conv weights from the seeded generator so one seed gives one network.
            foreach (var (name, p) in patch_embed.named_parameters())
            {
                double fanIn = Config.InChannels * Config.PatchSize * Config.PatchSize;
                double bound = 1 / Math.Sqrt(fanIn);
                p.uniform_(-bound, bound, g);
            }
        }
        foreach (var module in blocks.modules())
        {
            if (module is Linear lin)
            {
                Init.TruncNormal_(lin.weight!, std: 0.02, generator: g);
                lin.bias?.zero_();
            }
        }
    }
}
