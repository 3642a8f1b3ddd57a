using CellDino.Core.Checkpoints;
using CellDino.Core.Models;
using CellDino.Core.Tests.Models;
using CellDino.TestSupport;
using static TorchSharp.torch;

namespace CellDino.Core.Tests.Checkpoints;

public class CheckpointLoaderTests
{
    private static VisionTransformer LoadVit(string checkpoint)
    {
        var vit = new VisionTransformer(VitFixture.ConfigFrom("vit.json"), seed: 5);
        var report = vit.LoadCheckpoint(Fixtures.Path_(checkpoint));
        Assert.True(report.IsClean, report.Describe());
        Assert.Equal(vit.state_dict().Count, report.Loaded);
        vit.eval();
        return vit;
    }

    [Fact]
    public void Chunked_and_teacher_checkpoints_load_into_the_vit_and_reproduce_the_reference_outputs()
    {
        using var io = Fixtures.Tensors("vit_io.safetensors");
        using var chunked = LoadVit("vit_backbone_chunked.pth");
        using var teacher = LoadVit("teacher_checkpoint.pth");
        using var _ = no_grad();
        using var a = chunked.ForwardFeatures(io["s224.input"]);
        using var b = teacher.ForwardFeatures(io["s224.input"]);
        TensorAssertRelative.RelL2(io["s224.x_norm_clstoken"], a.ClsToken, what: "chunked cls");
        TensorAssertRelative.RelL2(io["s224.x_norm_patchtokens"], a.PatchTokens, what: "chunked patches");
        TensorAssertRelative.RelL2(io["s224.x_prenorm"], a.PreNorm, what: "chunked prenorm");
        TensorAssertRelative.RelL2(io["s224.x_norm_clstoken"], b.ClsToken, what: "teacher cls");
        TensorAssertRelative.RelL2(io["s224.x_prenorm"], b.PreNorm, what: "teacher prenorm");
        // Same weights in both files: the two networks agree exactly.
        Assert.True(a.PreNorm.equal(b.PreNorm).all().item<bool>());
    }

    [Fact]
    public void Backbone_selection_of_both_layouts_equals_the_reference_state_dict()
    {
        using var reference = Fixtures.Tensors("vit_weights.safetensors");
        foreach (var file in new[] { "vit_backbone_chunked.pth", "teacher_checkpoint.pth", "vit_weights.safetensors" })
        {
            using var sd = CheckpointLoader.LoadStateDict(Fixtures.Path_(file));
            Assert.Equal(reference.Keys.Order(StringComparer.Ordinal), sd.Keys.Order(StringComparer.Ordinal));
            foreach (var (k, t) in sd)
                Assert.True(reference[k].equal(t).all().item<bool>(), $"{file}: {k}");
        }
    }

    [Fact]
    public void Teacher_dino_head_keys_select_the_head_weights()
    {
        using var head = CheckpointLoader.LoadStateDict(Fixtures.Path_("teacher_checkpoint.pth"), CheckpointLoadOptions.DinoHead);
        using var reference = Fixtures.Tensors("dino_head_weights.safetensors");
        Assert.Equal(reference.Keys, head.Keys);
        foreach (var (k, t) in head) Assert.True(reference[k].equal(t).all().item<bool>(), k);
    }

    [Fact]
    public void Raw_options_keep_the_file_names()
    {
        using var raw = CheckpointLoader.LoadStateDict(Fixtures.Path_("teacher_checkpoint.pth"), CheckpointLoadOptions.Raw);
        Assert.Equal(71, raw.Count);
        Assert.Contains("teacher.backbone.blocks.3.ls2.gamma", raw.Keys);
        Assert.Contains("teacher.dino_head.mlp.4.bias", raw.Keys);
    }

    [Fact]
    public void Format_is_detected_by_content_not_extension()
    {
        using var dir = new TempDir();
        var disguised = dir.File("weights.pth");
        File.Copy(Fixtures.Path_("dino_head_weights.safetensors"), disguised);
        Assert.Equal(CheckpointFileFormat.SafeTensors, CheckpointLoader.DetectFormat(disguised));
        Assert.Equal(CheckpointFileFormat.TorchZip, CheckpointLoader.DetectFormat(Fixtures.Path_("dino_head_fp16.pth")));
        using var sd = CheckpointLoader.LoadStateDict(disguised);
        Assert.Equal(8, sd.Count);
        var junk = dir.File("junk.bin");
        File.WriteAllText(junk, "hello world, not a checkpoint");
        Assert.Contains("neither", Assert.Throws<CheckpointFormatException>(() => CheckpointLoader.LoadStateDict(junk)).Message);
    }

    [Fact]
    public void Plan_strips_wrappers_module_prefixes_and_chunks()
    {
        var keys = new[]
        {
            "model.module.backbone.blocks.1.3.norm1.weight", "model.module.backbone.cls_token",
            "model.module.dino_head.mlp.0.weight", "optimizer.state.0.exp_avg",
        };
        var plan = CheckpointLoader.Plan(keys, new CheckpointLoadOptions(), "x.pth");
        Assert.Equal("blocks.3.norm1.weight", plan[keys[0]]);
        Assert.Equal("cls_token", plan[keys[1]]);
        Assert.Equal(2, plan.Count);

        var head = CheckpointLoader.Plan(keys, CheckpointLoadOptions.DinoHead, null);
        Assert.Equal("mlp.0.weight", Assert.Single(head).Value);

        // Unchunked names (third part not a number) are left alone; chunking is undone anywhere in a name.
        var plain = CheckpointLoader.Plan(["blocks.0.mlp.fc1.weight", "blocks.10.ls1.gamma"], new CheckpointLoadOptions(), null);
        Assert.Equal(new[] { "blocks.0.mlp.fc1.weight", "blocks.10.ls1.gamma" }, plain.Values);
        var keep = CheckpointLoader.Plan(["teacher.backbone.blocks.2.9.ls1.gamma"], new CheckpointLoadOptions { StripPrefixes = false }, null);
        Assert.Equal("teacher.backbone.blocks.9.ls1.gamma", keep.Single().Value);
    }

    [Fact]
    public void Plan_refuses_empty_selections_and_collisions()
    {
        var ex = Assert.Throws<CheckpointFormatException>(() =>
            CheckpointLoader.Plan(["backbone.cls_token"], new CheckpointLoadOptions { Component = "ibot_head" }, "c.pth"));
        Assert.Contains("ibot_head", ex.Message);
        Assert.Contains("backbone", ex.Message);
        var clash = Assert.Throws<CheckpointFormatException>(() =>
            CheckpointLoader.Plan(["blocks.0.1.ls1.gamma", "blocks.1.1.ls1.gamma"], new CheckpointLoadOptions(), "c.pth"));
        Assert.Contains("blocks.1.ls1.gamma", clash.Message);
    }
}
