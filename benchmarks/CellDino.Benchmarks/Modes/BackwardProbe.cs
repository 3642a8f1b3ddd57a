using System.Diagnostics;
using System.Globalization;
using CellDino.Core.Heads;
using CellDino.Core.Models;
using static TorchSharp.torch;

namespace CellDino.Benchmarks.Modes;

/// <summary>
/// <c>probe-backward [reps=3]</c>: forward vs backward time of the ViT-S/16 student's parts on the global crops of a
/// batch of 2 (4 crops of 224 px), to locate where the training step's backward loses against its forward.
/// </summary>
public static class BackwardProbe
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    public static int Run(string[] args)
    {
        int reps = args.Length > 0 ? int.Parse(args[0], C) : 3;
        using var vit = new VisionTransformer(VitConfig.Small(16, 4, 224), seed: 0);
        vit.train();
        using var head = new DinoHead(new DinoHeadConfig { InDim = 384, OutDim = 65536, HiddenDim = 2048, BottleneckDim = 256, NumLayers = 3 }, 1);
        using var images = rand(4, 4, 224, 224);
        Console.WriteLine("| part (ViT-S/16, 4 crops of 224 px) | forward ms | backward ms | backward / forward |");
        Console.WriteLine("|---|---:|---:|---:|");
        Time("backbone (12 blocks + patch embed)", reps, () => vit.ForwardFeatures(images).ClsToken.sum());
        using var q = randn(4, 6, 197, 64).requires_grad_();
        using var k = randn(4, 6, 197, 64).requires_grad_();
        using var v = randn(4, 6, 197, 64).requires_grad_();
        Time("scaled_dot_product_attention ×12", reps, () =>
        {
            Tensor s = zeros(1);
            for (int i = 0; i < 12; i++) s = s + nn.functional.scaled_dot_product_attention(q, k, v).sum();
            return s;
        });
        using var x = randn(4 * 197, 384).requires_grad_();
        using var w1 = (randn(1536, 384) * 0.02).requires_grad_();
        using var w2 = (randn(384, 1536) * 0.02).requires_grad_();
        Time("MLP matmuls ×12 (384→1536→384)", reps, () =>
        {
            Tensor s = zeros(1);
            for (int i = 0; i < 12; i++) s = s + nn.functional.linear(nn.functional.gelu(nn.functional.linear(x, w1)), w2).sum();
            return s;
        });
        using var tokens = randn(140, 384);
        Time("DINO head, 140 tokens, 65,536 prototypes", reps, () => head.forward(tokens).sum());
        using var a = randn(124, 384);
        using var l = randn(16, 384);
        Time("DINO head as the trainer calls it: 124 + 16 tokens, 2 calls", reps, () => head.forward(a).sum() + head.forward(l).sum());
        using var z = randn(140, 256);
        using var wPlain = (randn(65536, 256) * 0.06).requires_grad_();
        Time("plain linear 256→65,536 (no weight norm), 140 tokens", reps, () => nn.functional.linear(z, wPlain).sum());
        var last = head.LastLayer;
        for (int round = 0; round < 2; round++)
        {
            // Alternated A/B: the formula before the fix (materialized g·v/‖v‖) and WeightNormLinear.forward now.
            Time("last layer, materialized weight (before)", reps, () => nn.functional.linear(z, last.EffectiveWeight()).sum());
            Time("last layer, scaled output (WeightNormLinear.forward)", reps, () => last.forward(z).sum());
        }
        return 0;
    }

    private static void Time(string name, int reps, Func<Tensor> forward)
    {
        double fwd = 0, bwd = 0;
        for (int r = 0; r <= reps; r++)
        {
            using var scope = NewDisposeScope();
            var sw = Stopwatch.StartNew();
            var loss = forward();
            double f = sw.Elapsed.TotalSeconds;
            sw.Restart();
            loss.backward();
            double b = sw.Elapsed.TotalSeconds;
            if (r == 0) continue; // warm-up
            fwd += f;
            bwd += b;
        }
        Console.WriteLine(string.Format(C, "| {0} | {1:F1} | {2:F1} | {3:F2} |", name, fwd / reps * 1e3, bwd / reps * 1e3, bwd / fwd));
    }
}
