using CellDino.Core.Checkpoints;
using CellDino.TestSupport;
using static TorchSharp.torch;

namespace CellDino.Core.Tests.Checkpoints;

public class PthReaderTests
{
    // hostile.pth's pickle calls posix.system("echo hostile-checkpoint-ran > /tmp/celldino-pwned") after
    // building a first tensor (read with a pickle disassembler, which runs nothing).
    private const string HostileMarker = "/tmp/celldino-pwned";

    [Fact]
    public void Hostile_pth_is_refused_at_its_global_and_runs_nothing()
    {
        if (File.Exists(HostileMarker)) File.Delete(HostileMarker);
        var path = Fixtures.Path_("hostile.pth");

        var ex = Assert.Throws<CheckpointFormatException>(() => PthReader.Read(path));
        Assert.Contains("posix.system", ex.Message);
        Assert.Contains("hostile.pth", ex.Message);
        Assert.Equal(path, ex.FilePath);

        var ex2 = Assert.Throws<CheckpointFormatException>(() => PthReader.ReadObject(path));
        Assert.Contains("'posix.system'", ex2.Message);
        var ex3 = Assert.Throws<CheckpointFormatException>(() => CheckpointLoader.LoadStateDict(path));
        Assert.Contains("posix.system", ex3.Message);

        Assert.False(File.Exists(HostileMarker), "the hostile payload must not have run");
    }

    [Fact]
    public void Dino_head_fp16_reads_as_half_tensors_equal_to_the_float_weights_rounded()
    {
        using var half = PthReader.Read(Fixtures.Path_("dino_head_fp16.pth"));
        using var full = Fixtures.Tensors("dino_head_weights.safetensors");
        Assert.Equal(full.Keys, half.Keys);
        foreach (var (k, h) in half)
        {
            Assert.Equal(ScalarType.Float16, h.dtype);
            Assert.Equal(full[k].shape, h.shape);
            using var rounded = full[k].to(ScalarType.Float16);
            Assert.True(rounded.equal(h).all().item<bool>(), $"{k}: fp16 values differ from the float32 weights rounded to fp16");
            // fp16 has an 11-bit significand: the rounding error is at most 2^-11 relative (normal range).
            TensorAssert.Close(full[k], h, atol: 1e-7, rtol: Math.Pow(2, -11), what: k);
        }
    }

    [Fact]
    public void Teacher_checkpoint_tree_has_teacher_dict_and_iteration()
    {
        var tree = PthReader.ReadObject(Fixtures.Path_("teacher_checkpoint.pth"));
        try
        {
            var top = Assert.IsType<OrderedDictionary<string, object?>>(tree);
            Assert.Equal(new[] { "teacher", "iteration" }, top.Keys);
            Assert.Equal(12L, top["iteration"]);
            var teacher = Assert.IsType<OrderedDictionary<string, object?>>(top["teacher"]);
            Assert.Equal("backbone.cls_token", teacher.Keys.First());
            Assert.All(teacher.Values, v => Assert.IsAssignableFrom<Tensor>(v));
            Assert.Equal(4 * 14 + 7 + 8, teacher.Count); // 14 tensors per block, 7 others, 8 head tensors
        }
        finally
        {
            PthReader.DisposeTree(tree);
        }
    }

    [Fact]
    public void Read_flattens_nested_dicts_and_drops_the_iteration_counter()
    {
        using var sd = PthReader.Read(Fixtures.Path_("teacher_checkpoint.pth"));
        Assert.DoesNotContain("iteration", sd.Keys);
        Assert.All(sd.Keys, k => Assert.StartsWith("teacher.", k));
        Assert.Equal(new long[] { 1, 197, 192 }, sd["teacher.backbone.pos_embed"].shape);
        Assert.Equal(new long[] { 512, 1 }, sd["teacher.dino_head.last_layer.weight_g"].shape);
    }

    [Fact]
    public void Chunked_backbone_keeps_its_chunked_names_and_equals_the_reference_weights()
    {
        using var sd = PthReader.Read(Fixtures.Path_("vit_backbone_chunked.pth"));
        using var reference = Fixtures.Tensors("vit_weights.safetensors");
        Assert.Contains("blocks.2.2.attn.qkv.weight", sd.Keys);
        Assert.DoesNotContain("blocks.2.attn.qkv.weight", sd.Keys);
        Assert.Equal(reference.Count, sd.Count);
        foreach (var (k, t) in sd)
        {
            var name = System.Text.RegularExpressions.Regex.Replace(k, @"^blocks\.\d+\.(\d+)\.", "blocks.$1.");
            Assert.Equal(ScalarType.Float32, t.dtype);
            Assert.True(reference[name].equal(t).all().item<bool>(), $"{k} differs from {name}");
        }
    }
}
