using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using CellDino.Benchmarks.Flops;
using CellDino.Core;
using CellDino.Benchmarks.Infrastructure;
using CellDino.Core.Models;
using static TorchSharp.torch;

namespace CellDino.Benchmarks.Modes;

/// <summary>
/// <c>embed-parts [s|l] [batch=32] [reps=5] [threads=2]</c> and <c>embed [s|l] [batch=32] [reps=5] [threads=2]</c>: the CellDino
/// side of <c>../shared/reference/pytorch-side/ref_perf.py embedparts|embed</c>. <c>embed</c> times the no-grad class-token
/// forward of ViT-S/16 or ViT-L/16 at 224 px, 4 channels (the same work as the reference's <c>embed</c> mode);
/// <c>embed-parts</c> times each op of one forward once per block, as the reference does, so the two sides can be compared
/// op by op. One JSON line per case, with the process's own 2048² sgemm ceiling and the 1-minute load.
/// </summary>
public static class EmbedParts
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    public static int RunWhole(string[] args)
    {
        var (arch, batch, reps) = Parse(args);
        var ceiling = MatmulCeiling.Measure();
        using var vit = new VisionTransformer((arch == "l" ? VitConfig.Large(16, 4, 224) : VitConfig.Small(16, 4, 224)) with { LayerScaleInit = null }, seed: 0);
        vit.eval();
        using var images = rand([batch, 4, 224, 224], generator: new Generator(5));
        var ms = Time(reps, 1, () =>
        {
            using var noGrad = no_grad();
            using var gc = NoGcRegion.Begin();
            using var y = vit.forward(images);
        });
        Emit($"embed_{arch}", ms, ceiling, ("batch", batch));
        return 0;
    }

    public static int RunParts(string[] args)
    {
        var (arch, batch, reps) = Parse(args);
        Emit("ceiling", [], MatmulCeiling.Measure());
        int d = arch == "l" ? 1024 : 384, h = arch == "l" ? 16 : 6, depth = arch == "l" ? 24 : 12, n = 197, rows = batch * n;
        using var scope = NewDisposeScope();
        var g = new Generator(2);
        var x = randn([batch, n, d], generator: g);
        var x2 = x.reshape(rows, d);
        var hid = randn([rows, 4 * d], generator: g);
        var wqkv = randn([3 * d, d], generator: g) * 0.02f;
        var bqkv = zeros(3 * d);
        var wp = randn([d, d], generator: g) * 0.02f;
        var bp = zeros(d);
        var w1 = randn([4 * d, d], generator: g) * 0.02f;
        var b1 = zeros(4 * d);
        var w2 = randn([d, 4 * d], generator: g) * 0.02f;
        var b2 = zeros(d);
        var qkv = randn([batch, n, 3, h, d / h], generator: g).permute(2, 0, 3, 1, 4);
        var (q, k, v) = (qkv[0], qkv[1], qkv[2]);
        var lnW = ones(d);
        var lnB = zeros(d);
        var gamma = full(d, 1e-5f);
        double scale = 1.0 / Math.Sqrt(d / h);
        void Part(string name, Action op)
        {
            var ms = Time(reps, 1, () =>
            {
                using var noGrad = no_grad();
                for (int i = 0; i < depth; i++)
                {
                    using var s = NewDisposeScope();
                    op();
                }
            });
            Emit("embedpart_" + name, [Median(ms)], null);
        }
        Part("qkv_linear", () => nn.functional.linear(x2, wqkv, bqkv));
        Part("sdpa", () => nn.functional.scaled_dot_product_attention(q, k, v));
        Part("attn_math", () => (q * scale).matmul(k.transpose(-2, -1)).softmax(-1).matmul(v));
        Part("attn_merge_heads", () => nn.functional.scaled_dot_product_attention(q, k, v).transpose(1, 2).reshape(batch, n, d));
        Part("proj_linear", () => nn.functional.linear(x2, wp, bp));
        Part("fc1_linear", () => nn.functional.linear(x2, w1, b1));
        Part("gelu", () => nn.functional.gelu(hid));
        Part("fc2_linear", () => nn.functional.linear(hid, w2, b2));
        Part("layernorm_x2", () => { nn.functional.layer_norm(x, [d], lnW, lnB, 1e-6); nn.functional.layer_norm(x, [d], lnW, lnB, 1e-6); });
        Part("residual_add_mul_x2", () => { var a = x + x * gamma; var b = x + x * gamma; });
        Part("residual_addcmul_x2", () => { x.addcmul(x, gamma, 1); x.addcmul(x, gamma, 1); });
        using var vit = new VisionTransformer((arch == "l" ? VitConfig.Large(16, 4, 224) : VitConfig.Small(16, 4, 224)) with { LayerScaleInit = null }, seed: 0);
        vit.eval();
        var images = rand([batch, 4, 224, 224], generator: g);
        var whole = Time(reps, 1, () =>
        {
            using var noGrad = no_grad();
            using var y = vit.forward(images);
        });
        Emit("embedpart_whole_forward", [Median(whole)], null);
        // The same forward module by module: the tokens entering block 0, the blocks, the final norm.
        double prep = 0, blocks = 0, final = 0;
        for (int r = 0; r <= reps; r++)
        {
            using var noGrad = no_grad();
            using var s = NewDisposeScope();
            var sw = Stopwatch.StartNew();
            var t = vit.PrepareTokens(images, null);
            double a = sw.Elapsed.TotalMilliseconds;
            foreach (var blk in vit.Blocks) t = blk.forward(t);
            double b = sw.Elapsed.TotalMilliseconds;
            var norm = nn.functional.layer_norm(t, [d], lnW, lnB, 1e-6);
            double c = sw.Elapsed.TotalMilliseconds;
            if (r == 0) continue;
            prep += a / reps; blocks += (b - a) / reps; final += (c - b) / reps;
        }
        Emit("embedmodule_prepare_tokens", [prep], null);
        Emit("embedmodule_blocks", [blocks], null);
        Emit("embedmodule_final_norm", [final], null);
        return 0;
    }

    private static (string Arch, int Batch, int Reps) Parse(string[] args)
    {
        string arch = args.Length > 0 ? args[0] : "s";
        int batch = args.Length > 1 ? int.Parse(args[1], C) : 32;
        int reps = args.Length > 2 ? int.Parse(args[2], C) : 5;
        if (args.Length > 3) set_num_threads(int.Parse(args[3], C));
        return (arch, batch, reps);
    }

    private static double[] Time(int reps, int warmup, Action op)
    {
        for (int i = 0; i < warmup; i++) op();
        var ms = new double[reps];
        for (int i = 0; i < reps; i++)
        {
            var sw = Stopwatch.StartNew();
            op();
            ms[i] = sw.Elapsed.TotalMilliseconds;
        }
        return ms;
    }

    private static double Median(double[] v)
    {
        var s = v.Order().ToArray();
        return s.Length % 2 == 1 ? s[s.Length / 2] : (s[s.Length / 2 - 1] + s[s.Length / 2]) / 2;
    }

    private static void Emit(string name, double[] ms, double? ceiling, params (string Key, object Value)[] extra)
    {
        var rec = new Dictionary<string, object?> { ["side"] = "celldino", ["case"] = name };
        if (ms.Length > 0) { rec["ms"] = ms; rec["median_ms"] = Median(ms); }
        if (ceiling is { } c) rec["ceiling"] = c;
        rec["threads"] = get_num_threads();
        rec["load1"] = MachineLoad.OneMinute();
        foreach (var (k, v) in extra) rec[k] = v;
        Console.WriteLine(JsonSerializer.Serialize(rec));
    }
}
