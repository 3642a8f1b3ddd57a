using CellDino.Core.Layers;
using CellDino.Core.Losses;
using CellDino.Core.Models;
using CellDino.Core.Training.Config;
using Xunit;

namespace CellDino.Core.Tests.Config;

public class CellDinoConfigTests
{
    [Fact]
    public void DefaultsAreTheReleasedCellDinoValues()
    {
        var c = CellDinoConfig.HpaFovVitL16();
        Assert.Equal(5e-4 * Math.Sqrt(512.0 / 1024.0), c.Optim.ScaledLr(512), 15);
        Assert.Equal(3.5355339059327376e-4, c.Optim.ScaledLr(512), 15);
        Assert.Equal((0.04, 0.2), (c.Optim.WeightDecay, c.Optim.WeightDecayEnd));
        Assert.Equal((0.996, 1.0), (c.Teacher.MomentumTeacher, c.Teacher.FinalMomentumTeacher));
        Assert.Equal((0.04, 0.07, 20), (c.Teacher.WarmupTeacherTemp, c.Teacher.TeacherTemp, c.Teacher.WarmupTeacherTempEpochs));
        Assert.Equal((20, 1e-6, 3.0, 1), (c.Optim.WarmupEpochs, c.Optim.MinLr, c.Optim.ClipGrad, c.Optim.FreezeLastLayerEpochs));
        Assert.Equal((0.9, 0.2), (c.Optim.LayerwiseDecay, c.Optim.PatchEmbedLrMult));
        Assert.Equal(0.1, c.Student.DropPathRate);
        Assert.Equal(45_000, c.TotalIterations);
        Assert.Equal(175_600, CellDinoConfig.HpaSingleCellVitL16().TotalIterations);
        Assert.Equal((65536, 256, 2048, 3), (c.Dino.HeadNPrototypes, c.Dino.HeadBottleneckDim, c.Dino.HeadHiddenDim, c.Dino.HeadNlayers));
        Assert.Equal([0.4, 1.0], c.Crops.GlobalCropsScale);
        Assert.Equal([0.005, 0.4], c.Crops.LocalCropsScale);
        Assert.Equal((224, 96, 8), (c.Crops.GlobalCropsSize, c.Crops.LocalCropsSize, c.Crops.LocalCropsNumber));
        Assert.Equal(TeacherNormalization.Centering, c.Train.Centering);
    }

    [Fact]
    public void PresetsDescribeTheReleasedBackbones()
    {
        var l = CellDinoConfig.HpaFovVitL16().Validate().CreateVitConfig();
        Assert.Equal((1024, 24, 16, 16, 4, 224), (l.EmbedDim, l.Depth, l.NumHeads, l.PatchSize, l.InChannels, l.ImgSize));
        var s = CellDinoConfig.CellPaintingVitS8().Validate().CreateVitConfig();
        Assert.Equal((384, 12, 6, 8, 5, 128), (s.EmbedDim, s.Depth, s.NumHeads, s.PatchSize, s.InChannels, s.ImgSize));
        Assert.Equal(16, s.GridSize); // the released cell_dino_cp_vits8 position grid
        Assert.Null(CellDinoConfig.CellPaintingVitS8().Crops.ProteinChannel);
        var t = CellDinoConfig.Tiny().Validate().CreateVitConfig();
        Assert.True(t.EmbedDim <= 64 && t.ImgSize == 32);
    }

    [Fact]
    public void ParsesDinoV2StyleYaml()
    {
        const string yaml = """
            # a Cell-DINO style override file
            train:
              batch_size_per_gpu: 8
              OFFICIAL_EPOCH_LENGTH: 450   # iterations per epoch
              output_dir: /tmp/ignored
              centering: "sinkhorn_knopp"
            student:
              arch: vit_small
              patch_size: 8
              in_chans: 5
              layerscale: 1.0e-05
            crops:
              global_crops_size: 128
              local_crops_size: 64
              global_crops_scale:
              - 0.32
              - 1.0
              local_crops_scale: [0.05, 0.32]
              protein_channel: null
            optim:
              base_lr: 0.001
              scaling_rule: linear_wrt_1024
            """;
        var c = CellDinoConfig.Parse(yaml);
        Assert.Equal(8, c.Train.BatchSizePerGpu);
        Assert.Equal(450, c.Train.OfficialEpochLength);
        Assert.Equal(TeacherNormalization.SinkhornKnopp, c.Train.Centering);
        Assert.Equal(("vit_small", 8, 5), (c.Student.Arch, c.Student.PatchSize, c.Student.InChans));
        Assert.Equal(1e-5, c.Student.Layerscale);
        Assert.Equal([0.32, 1.0], c.Crops.GlobalCropsScale);
        Assert.Equal([0.05, 0.32], c.Crops.LocalCropsScale);
        Assert.Null(c.Crops.ProteinChannel);
        Assert.Equal(0.001 * 8 / 1024.0, c.Optim.ScaledLr(8), 15);
        Assert.Equal(0.996, c.Teacher.MomentumTeacher); // untouched sections keep their defaults
    }

    [Fact]
    public void JsonRoundTripsWithSnakeCaseKeys()
    {
        var c = CellDinoConfig.Tiny(5) with { Train = CellDinoConfig.Tiny(5).Train with { Seed = 7 } };
        var json = c.ToJson();
        Assert.Contains("\"batch_size_per_gpu\"", json);
        Assert.Contains("\"warmup_teacher_temp_epochs\"", json);
        var back = CellDinoConfig.Parse(json);
        Assert.Equal(json, back.ToJson());
        Assert.Equal(7, back.Train.Seed);
    }

    [Fact]
    public void BadValuesNameTheKey()
    {
        var ex = Assert.Throws<FormatException>(() => CellDinoConfig.Parse("train:\n  batch_size_per_gpu: many\n", "my.yaml"));
        Assert.Contains("my.yaml", ex.Message);
        Assert.Contains("batch_size_per_gpu", ex.Message);

        var range = Assert.Throws<ArgumentException>(() => CellDinoConfig.Parse("crops:\n  local_crops_scale: [0.5, 0.1]\n"));
        Assert.Contains("crops.local_crops_scale", range.Message);

        var arch = Assert.Throws<ArgumentException>(() => CellDinoConfig.Parse("student:\n  arch: resnet50\n"));
        Assert.Contains("resnet50", arch.Message);

        var size = Assert.Throws<ArgumentException>(() => CellDinoConfig.Parse("crops:\n  global_crops_size: 100\n"));
        Assert.Contains("patch_size", size.Message);
    }

    [Theory]
    [InlineData("dino.head_n_prototypes=1", "dino.head_n_prototypes")]
    [InlineData("teacher.teacher_temp=0", "teacher.teacher_temp")]
    [InlineData("teacher.teacher_temp=-0.04", "teacher.teacher_temp")]
    [InlineData("teacher.warmup_teacher_temp=0", "teacher.warmup_teacher_temp")]
    [InlineData("teacher.momentum_teacher=1", "teacher.momentum_teacher")]
    [InlineData("optim.base_lr=0", "optim.base_lr")]
    [InlineData("student.patch_size=0", "student.patch_size")]
    [InlineData("train.collapse_patience=0", "train.collapse_patience")]
    [InlineData("train.health_every=0", "train.health_every")]
    public void ConfigurationsThatCannotLearnOrBeWatchedAreErrorsNamingTheKey(string assignment, string key)
    {
        var ex = Assert.Throws<ArgumentException>(() => CellDinoConfig.Tiny().WithOverrides([assignment]));
        // "<source>: <key> = <value>: expected ...", the value as it was given.
        Assert.StartsWith($"overrides: {key} = {assignment.Split('=')[1]}: expected ", ex.Message);
    }

    [Theory]
    [InlineData("optim:\n  base_lr: -0.1\n", "optim.base_lr = -0.1: expected a positive learning rate")]
    [InlineData("teacher:\n  momentum_teacher: 5\n", "teacher.momentum_teacher = 5: expected in [0, 1)")]
    public void ARangeErrorInAYamlFileNamesTheFileTheKeyAndTheValue(string yaml, string expected)
    {
        var path = Path.Combine(Path.GetTempPath(), $"celldino-config-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, yaml);
        try
        {
            var ex = Assert.Throws<ArgumentException>(() => CellDinoConfig.Load(path));
            Assert.StartsWith($"{path}: {expected}", ex.Message);
            Assert.Null(ex.ParamName);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void AnInvalidBackboneInTheStudentSectionNamesTheSourceTheKeyAndTheValue()
    {
        var arch = Assert.Throws<ArgumentException>(() => CellDinoConfig.Parse("student:\n  arch: resnet50\n", "my.yaml"));
        Assert.StartsWith("my.yaml: student.arch = \"resnet50\": Architecture 'resnet50' is not one of vit_micro", arch.Message);
        Assert.DoesNotContain("(Parameter", arch.Message);
        var vit = Assert.Throws<ArgumentException>(() => (VitConfig.Tiny() with { NumHeads = 3 }).Validate("x.json"));
        Assert.Equal("x.json: EmbedDim = 64: expected a positive multiple of NumHeads 3.", vit.Message);
    }

    [Fact]
    public void WithBothDistillationLossesOffNothingLearns()
    {
        var ex = Assert.Throws<ArgumentException>(() => CellDinoConfig.Tiny().WithOverrides(["dino.loss_weight=0", "ibot.loss_weight=0"]));
        Assert.Contains("dino.loss_weight", ex.Message);
    }

    [Fact]
    public void AnUnknownKeyInAFileIsAnErrorNamingTheKeyAndTheFile()
    {
        var typo = Assert.Throws<FormatException>(() => CellDinoConfig.Parse("optim:\n  epoch: 5\n", "runs/my.yaml"));
        Assert.Contains("runs/my.yaml", typo.Message);
        Assert.Contains("unknown key 'optim.epoch'", typo.Message);
        Assert.Contains("epochs", typo.Message); // the keys it could have meant
        var section = Assert.Throws<FormatException>(() => CellDinoConfig.Parse("optimizer:\n  epochs: 5\n", "my.yaml"));
        Assert.Contains("unknown section 'optimizer'", section.Message);
        var json = Assert.Throws<FormatException>(() => CellDinoConfig.Parse("{\"train\": {\"sead\": 3}}", "c.json"));
        Assert.Contains("unknown key 'train.sead'", json.Message);
    }

    [Fact]
    public void TheKeysOfAFullDinoV2ConfigAreReadOrDeliberatelyIgnored()
    {
        const string yaml = """
            MODEL:
              WEIGHTS: ""
            compute_precision:
              grad_scaler: true
              student:
                backbone:
                  sharding_strategy: SHARD_GRAD_OP
            dino: {loss_weight: 1.0, head_n_prototypes: 65536, head_bottleneck_dim: 256, head_nlayers: 3, head_hidden_dim: 2048, koleo_loss_weight: 0.1}
            ibot:
              loss_weight: 1.0
              mask_sample_probability: 0.5
              mask_ratio_min_max: [0.1, 0.5]
              separate_head: false
              head_n_prototypes: 65536
            train:
              batch_size_per_gpu: 64
              dataset_path: ImageNet:split=TRAIN
              output_dir: .
              saveckp_freq: 20
              seed: 0
              num_workers: 10
              OFFICIAL_EPOCH_LENGTH: 1250
              cache_dataset: true
              centering: "centering" # or "sinkhorn_knopp"
            student:
              arch: vit_large
              patch_size: 16
              drop_path_rate: 0.3
              layerscale: 1.0e-05
              drop_path_uniform: true
              pretrained_weights: ''
              ffn_layer: "mlp"
              block_chunks: 0
              qkv_bias: true
              proj_bias: true
              ffn_bias: true
              num_register_tokens: 0
              interpolate_antialias: false
              interpolate_offset: 0.1
            optim:
              base_lr: 0.004 # learning rate for a batch size of 1024
              lr: 0. # will be set after applying scaling rule
            evaluation:
              eval_period_iterations: 12500
            nb_knn: [10, 20, 100, 200]
            hydra:
              job:
                chdir: true
            """;
        var c = CellDinoConfig.Parse(yaml, "ssl_default_config.yaml");
        Assert.Equal((64, 1250, 0.3), (c.Train.BatchSizePerGpu, c.Train.OfficialEpochLength, c.Student.DropPathRate));
        Assert.Equal(0.004, c.Optim.BaseLr);
        Assert.Equal([0.1, 0.5], c.Ibot.MaskRatioMinMax);
        // A switch CellDino implements one way only must have that value.
        var bias = Assert.Throws<FormatException>(() => CellDinoConfig.Parse("student:\n  qkv_bias: false\n", "c.yaml"));
        Assert.Contains("student.qkv_bias is false", bias.Message);
        var head = Assert.Throws<FormatException>(() => CellDinoConfig.Parse("ibot:\n  separate_head: true\n", "c.yaml"));
        Assert.Contains("ibot.separate_head", head.Message);
    }

    [Fact]
    public void QuotedCommasAndNestedListsAreReadAsYamlSays()
    {
        // A quoted item with a comma stays one string (the old subset parser split it); a nested list is a type error.
        var quoted = Assert.Throws<FormatException>(() => CellDinoConfig.Parse("student:\n  arch: [\"a, b\", c]\n", "c.yaml"));
        Assert.Contains("student", quoted.Message);
        var nested = Assert.Throws<FormatException>(() => CellDinoConfig.Parse("crops:\n  global_crops_scale: [[0.4, 1.0]]\n", "c.yaml"));
        Assert.Contains("c.yaml", nested.Message);
        var c = CellDinoConfig.Parse("train:\n  centering: 'sinkhorn_knopp'\nstudent:\n  ffn_layer: \"mlp\"\n");
        Assert.Equal(TeacherNormalization.SinkhornKnopp, c.Train.Centering);
        var dup = Assert.Throws<FormatException>(() => CellDinoConfig.Parse("train:\n  seed: 1\n  seed: 2\n", "c.yaml"));
        Assert.Contains("c.yaml", dup.Message);
    }

    [Fact]
    public void UnsupportedYamlIsRejectedWithTheLine()
    {
        var ex = Assert.Throws<FormatException>(() => CellDinoConfig.Parse("train:\n  seed: 1\n    oops: 2\n", "c.yaml"));
        Assert.Contains("c.yaml, line 3", ex.Message);
        var anchor = Assert.Throws<FormatException>(() => CellDinoConfig.Parse("train: &a\n", "c.yaml"));
        Assert.Contains("line 1", anchor.Message);
        Assert.Throws<FileNotFoundException>(() => CellDinoConfig.Load("/nonexistent/config.yaml"));
    }

    [Fact]
    public void EveryRegisteredArchitectureTrainsAndUnknownOnesNameTheKeyAndTheList()
    {
        int previousWidth = 0;
        foreach (var arch in VitConfig.ArchNames)
        {
            var v = CellDinoConfig.Tiny().WithOverrides([$"student.arch={arch}"]).CreateVitConfig();
            var registered = VitConfig.FromArch(arch, 8, 4, 32);
            Assert.Equal((registered.EmbedDim, registered.Depth, registered.NumHeads, 8, 32), (v.EmbedDim, v.Depth, v.NumHeads, v.PatchSize, v.ImgSize));
            Assert.True(v.EmbedDim >= previousWidth, $"{arch} is listed out of size order");
            previousWidth = v.EmbedDim;
        }
        var tiny = VitConfig.FromArch("vit_tiny", 16, 4, 224);
        Assert.Equal((192, 12, 3), (tiny.EmbedDim, tiny.Depth, tiny.NumHeads));
        var ex = Assert.Throws<ArgumentException>(() => CellDinoConfig.Tiny().WithOverrides(["student.arch=vit_huge"]).CreateVitConfig());
        Assert.Contains("student.arch", ex.Message);
        foreach (var arch in VitConfig.ArchNames) Assert.Contains(arch, ex.Message);
    }

    [Fact]
    public void PresetsAreYamlOverlaysThatListOnlyWhatDiffersFromTheDefault()
    {
        var defaults = System.Text.Json.Nodes.JsonNode.Parse(new CellDinoConfig().ToJson())!.AsObject();
        foreach (var name in CellDinoConfig.PresetNames)
        {
            var yaml = ConfigYaml.Parse(CellDinoConfig.PresetYaml(name), name).AsObject();
            Assert.NotEmpty(yaml);
            foreach (var (section, keys) in yaml)
                foreach (var (key, value) in keys!.AsObject())
                {
                    var normalized = System.Text.Json.Nodes.JsonNode.Parse(CellDinoConfig.Preset(name).ToJson())![section]![key];
                    Assert.False(System.Text.Json.Nodes.JsonNode.DeepEquals(normalized, defaults[section]![key]), $"{name}.yaml: {section}.{key} repeats the default");
                }
        }
        Assert.Equal(1024, CellDinoConfig.Tiny().Dino.HeadNPrototypes);
        Assert.Equal((5, (int?)null), (CellDinoConfig.Tiny(5).Student.InChans, CellDinoConfig.Tiny(3).Crops.ProteinChannel));
        var ex = Assert.Throws<ArgumentException>(() => CellDinoConfig.Preset("small"));
        foreach (var name in CellDinoConfig.PresetNames) Assert.Contains(name, ex.Message);
    }

    [Fact]
    public void SwiGluArchitectureMaps()
    {
        var c = CellDinoConfig.Parse("student:\n  arch: vit_giant2\n  patch_size: 14\n  ffn_layer: swiglufused\ncrops:\n  global_crops_size: 224\n  local_crops_size: 98\n");
        Assert.Equal(FfnLayer.SwiGlu, c.CreateVitConfig().Ffn);
    }

    [Fact]
    public void CommandLineOverridesUseDinoV2Names()
    {
        var c = CellDinoConfig.Tiny().WithOverrides(["optim.epochs=3", "crops.global_crops_scale=[0.6, 1.0]", "train.centering=sinkhorn_knopp", "crops.protein_channel=null"]);
        Assert.Equal(3, c.Optim.Epochs);
        Assert.Equal([0.6, 1.0], c.Crops.GlobalCropsScale);
        Assert.Equal(TeacherNormalization.SinkhornKnopp, c.Train.Centering);
        Assert.Null(c.Crops.ProteinChannel);
        Assert.Contains("no key 'epoch'", Assert.Throws<ArgumentException>(() => CellDinoConfig.Tiny().WithOverrides(["optim.epoch=3"])).Message);
        Assert.Contains("section.key=value", Assert.Throws<ArgumentException>(() => CellDinoConfig.Tiny().WithOverrides(["epochs"])).Message);
        Assert.Throws<FormatException>(() => CellDinoConfig.Tiny().WithOverrides(["optim.epochs=many"]));
    }

    [Fact]
    public void ClosedSetsAreEnumsWrittenAndReadAsDinoV2Names()
    {
        // swiglu is DINOv2's unfused spelling of the same layer; none of these keys is a free string any more.
        var c = CellDinoConfig.Parse("student:\n  ffn_layer: swiglu\ntrain:\n  centering: sinkhorn_knopp\noptim:\n  scaling_rule: linear_wrt_1024\n", "test.yaml");
        Assert.Equal((FfnLayer.SwiGlu, TeacherNormalization.SinkhornKnopp, LrScalingRule.LinearWrt1024), (c.Student.FfnLayer, c.Train.Centering, c.Optim.ScalingRule));
        Assert.Equal(c.Optim.BaseLr * 16 / 1024.0, c.Optim.ScaledLr(16), 15);
        var json = c.ToJson();
        Assert.Contains("\"swiglufused\"", json);
        Assert.Contains("\"sinkhorn_knopp\"", json);
        Assert.Contains("\"linear_wrt_1024\"", json);
        Assert.Equal(c, CellDinoConfig.Parse(json) with { Crops = c.Crops, Ibot = c.Ibot });
        var bad = Assert.Throws<FormatException>(() => CellDinoConfig.Parse("train:\n  centering: sinkhorn\n", "bad.yaml")).Message;
        Assert.Contains("bad.yaml", bad);
        Assert.Contains("centering", bad);
        Assert.Contains("sinkhorn_knopp", bad);
    }
}
