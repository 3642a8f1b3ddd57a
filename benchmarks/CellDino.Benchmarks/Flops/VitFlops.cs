using CellDino.Core.Layers;
using CellDino.Core.Models;
using CellDino.Core.Training.Config;

namespace CellDino.Benchmarks.Flops;

/// <summary>
/// Analytic FLOP counts (one multiply-add = 2 FLOPs; matmuls and attention only: norms, softmax, GELU and the
/// optimizer are a few percent and not counted). The formulas are written out in <c>docs/benchmarks.md</c>.
/// </summary>
public static class VitFlops
{
    /// <summary>Tokens entering the blocks for a square input of side <paramref name="imageSize"/>: patches + class + registers.</summary>
    public static long Tokens(VitConfig vit, int imageSize)
    {
        long side = imageSize / vit.PatchSize;
        return side * side + 1 + vit.NumRegisterTokens;
    }

    /// <summary>
    /// Forward FLOPs of the backbone for one image: patch embedding 2·C·p²·D per patch, and per block
    /// 2·N·(4D² + FFN matmul weights) for the linear layers plus 4·N²·D for attention (QKᵀ and AV).
    /// </summary>
    public static double BackboneForward(VitConfig vit, int imageSize)
    {
        double d = vit.EmbedDim;
        long patches = (imageSize / vit.PatchSize) * (long)(imageSize / vit.PatchSize);
        double n = Tokens(vit, imageSize);
        double patchEmbed = 2.0 * vit.InChannels * vit.PatchSize * vit.PatchSize * d * patches;
        double mlpHidden = vit.MlpRatio * d;
        double ffnWeights = vit.Ffn == FfnLayer.SwiGlu
            ? 3.0 * d * SwiGluHidden(mlpHidden)
            : 2.0 * d * mlpHidden;
        double linear = 2.0 * n * (4.0 * d * d + ffnWeights);
        double attention = 4.0 * n * n * d;
        return patchEmbed + vit.Depth * (linear + attention);
    }

    /// <summary>Forward FLOPs of the DINO head for one token: 2 × its matmul weights (MLP and the weight-normed prototype layer).</summary>
    public static double HeadForwardPerToken(int inDim, DinoConfig dino)
    {
        double h = dino.HeadHiddenDim, b = dino.HeadBottleneckDim, k = dino.HeadNPrototypes;
        double mlp = dino.HeadNlayers == 1
            ? inDim * b
            : inDim * h + (dino.HeadNlayers - 2) * h * h + h * b;
        return 2.0 * (mlp + b * k);
    }

    /// <summary>Expected iBOT-masked patches per batch of <paramref name="batch"/> images (2 global crops each).</summary>
    public static double ExpectedMaskedPatches(CellDinoConfig config, int batch)
    {
        long side = config.Crops.GlobalCropsSize / config.Student.PatchSize;
        double meanRatio = (config.Ibot.MaskRatioMinMax[0] + config.Ibot.MaskRatioMinMax[1]) / 2;
        return config.Ibot.LossWeight > 0 ? 2.0 * batch * side * side * config.Ibot.MaskSampleProbability * meanRatio : 0;
    }

    /// <summary>Student forward FLOPs of one step: 2B global + n_local·B local crops through the backbone, their class tokens and the masked patches through the head.</summary>
    public static double StudentForward(CellDinoConfig config, int batch)
    {
        var vit = config.CreateVitConfig();
        int nLocal = config.Crops.LocalCropsNumber;
        double backbone = 2.0 * batch * BackboneForward(vit, config.Crops.GlobalCropsSize)
            + (double)nLocal * batch * BackboneForward(vit, config.Crops.LocalCropsSize);
        double headTokens = 2.0 * batch + (double)nLocal * batch + ExpectedMaskedPatches(config, batch);
        return backbone + headTokens * HeadForwardPerToken(vit.EmbedDim, config.Dino);
    }

    /// <summary>Teacher forward FLOPs of one step: the 2B global crops, their class tokens and the masked patches through the head.</summary>
    public static double TeacherForward(CellDinoConfig config, int batch)
    {
        var vit = config.CreateVitConfig();
        double headTokens = 2.0 * batch + ExpectedMaskedPatches(config, batch);
        return 2.0 * batch * BackboneForward(vit, config.Crops.GlobalCropsSize) + headTokens * HeadForwardPerToken(vit.EmbedDim, config.Dino);
    }

    /// <summary>Training-step FLOPs: 3 × student forward (forward + backward ≈ 2 × forward) + 1 × teacher forward.</summary>
    public static double TrainingStep(CellDinoConfig config, int batch) => 3 * StudentForward(config, batch) + TeacherForward(config, batch);

    private static double SwiGluHidden(double mlpHidden) => Math.Ceiling((int)(mlpHidden * 2 / 3) / 8.0) * 8;
}
