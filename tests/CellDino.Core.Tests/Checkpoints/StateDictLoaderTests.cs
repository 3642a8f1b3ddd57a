using CellDino.Core.Checkpoints;
using CellDino.Core.Models;
using static TorchSharp.torch;

namespace CellDino.Core.Tests.Checkpoints;

public sealed class StateDictLoaderTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static VisionTransformer Tiny(long seed)
    {
        var vit = new VisionTransformer(VitConfig.Tiny(8, 4, 32) with { EmbedDim = 32, Depth = 2, NumHeads = 2 }, seed);
        vit.eval();
        return vit;
    }

    private static Tensor Input() => rand(new long[] { 2, 4, 32, 32 }, generator: new Generator(11));

    private static StateDict Copy(nn.Module m) => new(m.state_dict().Select(kv => KeyValuePair.Create(kv.Key, kv.Value.detach().clone())));

    [Fact]
    public void Save_then_load_into_a_different_seed_gives_identical_outputs()
    {
        using var a = Tiny(1);
        using var b = Tiny(2);
        using var x = Input();
        using var _ = no_grad();
        using var ya = a.forward(x);
        using (var before = b.forward(x)) Assert.False(ya.equal(before).all().item<bool>(), "different seeds must differ before loading");

        var path = _dir.File("tiny.safetensors");
        a.SaveSafeTensors(path);
        using (var sd = SafeTensors.Read(path, out var meta))
        {
            Assert.Equal(a.state_dict().Keys, sd.Keys); // original names, state-dict order
            Assert.Equal("pt", meta["format"]);
        }
        var report = b.LoadCheckpoint(path);
        Assert.True(report.IsClean);
        using var fa = a.ForwardFeatures(x);
        using var fb = b.ForwardFeatures(x);
        Assert.True(fa.PreNorm.equal(fb.PreNorm).all().item<bool>());
        Assert.True(fa.ClsToken.equal(fb.ClsToken).all().item<bool>());
    }

    [Fact]
    public void Strict_load_with_a_missing_key_throws_listing_it_and_copies_nothing()
    {
        using var a = Tiny(1);
        using var b = Tiny(2);
        using var sd = Copy(a);
        sd.Remove("norm.bias", out var removed);
        removed!.Dispose();
        using var before = b.state_dict()["pos_embed"].clone();
        var ex = Assert.Throws<CheckpointFormatException>(() => b.LoadStateDict(sd));
        Assert.Contains("1 missing keys: norm.bias", ex.Message);
        Assert.True(before.equal(b.state_dict()["pos_embed"]).all().item<bool>(), "a refused strict load must not copy anything");
    }

    [Fact]
    public void Strict_load_with_a_wrong_shape_or_extra_key_throws_listing_them()
    {
        using var a = Tiny(1);
        using var b = Tiny(2);
        using var sd = Copy(a);
        sd["pos_embed"].Dispose();
        sd["pos_embed"] = zeros(1, 10, 32);
        sd.Add("head.weight", zeros(3));
        var ex = Assert.Throws<CheckpointFormatException>(() => StateDictLoader.Load(b, sd));
        Assert.Contains("pos_embed: expected [1, 17, 32], got [1, 10, 32]", ex.Message);
        Assert.Contains("unexpected keys: head.weight", ex.Message);
    }

    [Fact]
    public void A_strict_mismatch_from_a_file_is_one_line_naming_the_file_with_the_full_report_kept()
    {
        // A file whose declared architecture fits its tensors, plus six keys no ViT has and without the final norm.
        using var a = new VisionTransformer(VitConfig.Tiny(8, 4, 32), 1);
        var tensors = a.named_parameters().Where(p => !p.name.StartsWith("norm.", StringComparison.Ordinal))
            .Select(p => new KeyValuePair<string, Tensor>(p.name, p.parameter.detach())).ToList();
        for (int i = 0; i < 6; i++) tensors.Add(new($"extra.{i}", zeros(2)));
        var path = _dir.File("extra.safetensors");
        SafeTensors.Write(path, tensors, new Dictionary<string, string>
        {
            ["format"] = "pt", ["celldino_vit_config"] = System.Text.Json.JsonSerializer.Serialize(a.Config),
        });
        var ex = Assert.Throws<CheckpointFormatException>(() => VitCheckpoint.Load(path));
        Assert.DoesNotContain('\n', ex.Message);
        Assert.StartsWith(path + ": state dict does not fit", ex.Message);
        Assert.Contains("2 missing keys: norm.weight, norm.bias", ex.Message);
        Assert.Contains("6 unexpected keys: extra.0, extra.1, extra.2", ex.Message);
        Assert.Contains("(3 more)", ex.Message);
        var report = Assert.IsType<LoadReport>(ex.Report);
        Assert.Equal(6, report.Unexpected.Count);
        Assert.Contains("extra.5", report.Describe());
    }

    [Fact]
    public void Non_strict_load_copies_what_matches_and_reports_the_rest()
    {
        using var a = Tiny(1);
        using var b = Tiny(2);
        using var sd = Copy(a);
        sd.Remove("mask_token", out var m);
        m!.Dispose();
        sd["cls_token"].Dispose();
        sd["cls_token"] = zeros(1, 1, 16);
        sd.Add("extra", zeros(1));
        var report = StateDictLoader.Load(b, sd, strict: false);
        Assert.Equal(new[] { "mask_token" }, report.Missing);
        Assert.Equal(new[] { "extra" }, report.Unexpected);
        var mismatch = Assert.Single(report.ShapeMismatched);
        Assert.Equal("cls_token", mismatch.Key);
        Assert.Equal(new long[] { 1, 1, 32 }, mismatch.Expected);
        Assert.False(report.IsClean);
        int total = b.state_dict().Count;
        Assert.Equal(total - 2, report.Loaded);
        Assert.True(a.state_dict()["pos_embed"].equal(b.state_dict()["pos_embed"]).all().item<bool>());
        Assert.False(a.state_dict()["cls_token"].equal(b.state_dict()["cls_token"]).all().item<bool>());
    }

    [Fact]
    public void Half_precision_weights_are_converted_to_the_module_dtype()
    {
        using var a = Tiny(1);
        using var b = Tiny(2);
        using var sd = new StateDict(a.state_dict().Select(kv => KeyValuePair.Create(kv.Key, kv.Value.detach().to(ScalarType.Float16))));
        Assert.True(b.LoadStateDict(sd).IsClean);
        foreach (var (k, t) in b.state_dict())
        {
            Assert.Equal(ScalarType.Float32, t.dtype);
            using var expected = sd[k].to(ScalarType.Float32);
            Assert.True(expected.equal(t).all().item<bool>(), k);
        }
    }

    [Fact]
    public void Report_lists_at_most_twenty_keys_per_kind()
    {
        var report = new LoadReport(Enumerable.Range(0, 25).Select(i => $"k{i}").ToList(), [], [], 0);
        var text = report.Describe();
        Assert.Contains("25 missing keys: k0, k1", text);
        Assert.Contains("k19, … (5 more)", text);
        var shapes = new LoadReport([], [], [new ShapeMismatch("a", [2], [3]), new ShapeMismatch("b", [1, 2], [2, 1])], 0);
        Assert.Contains("2 shape mismatches: a: expected [2], got [3]; b: expected [1, 2], got [2, 1]", shapes.Describe());
        Assert.DoesNotContain("k20", text);
    }
}
