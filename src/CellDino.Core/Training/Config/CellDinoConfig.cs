using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using CellDino.Core.Layers;
using CellDino.Core.Models;

namespace CellDino.Core.Training.Config;

/// <summary>
/// A Cell-DINO pretraining configuration, laid out as DINOv2's <c>ssl_default_config.yaml</c>
/// (sections <c>train</c>, <c>student</c>, <c>teacher</c>, <c>dino</c>, <c>ibot</c>, <c>crops</c>,
/// <c>optim</c>; keys in snake_case), with Cell-DINO's released values as defaults.
/// </summary>
public sealed record CellDinoConfig
{
    /// <summary>Batch, epoch length, centering, seed.</summary>
    public TrainConfig Train { get; init; } = new();

    /// <summary>Backbone architecture.</summary>
    public StudentConfig Student { get; init; } = new();

    /// <summary>EMA and teacher temperature.</summary>
    public TeacherConfig Teacher { get; init; } = new();

    /// <summary>DINO loss and head.</summary>
    public DinoConfig Dino { get; init; } = new();

    /// <summary>iBOT loss and masking.</summary>
    public IbotConfig Ibot { get; init; } = new();

    /// <summary>Multi-crop augmentation.</summary>
    public CropsConfig Crops { get; init; } = new();

    /// <summary>Optimizer and schedules.</summary>
    public OptimConfig Optim { get; init; } = new();

    /// <summary>Total optimizer steps: epochs × epoch length.</summary>
    public int TotalIterations => Optim.Epochs * Train.OfficialEpochLength;

    /// <summary>
    /// The preset names: <c>tiny</c> (CPU, minutes), <c>hpa-fov-vitl16</c>, <c>hpa-sc-vitl16</c>, <c>cp-vits8</c>. Each is
    /// an embedded YAML file (<c>Training/Config/Presets</c>) that lists only what differs from the default, each line
    /// with its reason, as DINOv2's train configs overlay <c>ssl_default_config.yaml</c>.
    /// </summary>
    public static IReadOnlyList<string> PresetNames { get; } = ["tiny", "hpa-fov-vitl16", "hpa-sc-vitl16", "cp-vits8"];

    /// <summary>The YAML text of preset <paramref name="name"/> (to read, diff against the official configs, or copy as a starting point).</summary>
    /// <exception cref="ArgumentException">Unknown name; the message lists <see cref="PresetNames"/>.</exception>
    public static string PresetYaml(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!PresetNames.Contains(name))
            throw new ArgumentException($"Preset '{name}' is not one of {string.Join(", ", PresetNames)}.", nameof(name));
        using var stream = typeof(CellDinoConfig).Assembly.GetManifestResourceStream($"CellDino.Presets.{name}.yaml")
            ?? throw new InvalidOperationException($"The preset resource {name}.yaml is missing from CellDino.Core.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>Preset <paramref name="name"/> overlaid on the default configuration.</summary>
    /// <exception cref="ArgumentException">Unknown name.</exception>
    public static CellDinoConfig Preset(string name) => Parse(PresetYaml(name), $"preset {name}.yaml");

    /// <summary>Released HPA fields-of-view setup: ViT-L/16, 4 channels, 450 iterations per epoch (global batch 512 on 32 GPUs).</summary>
    public static CellDinoConfig HpaFovVitL16() => Preset("hpa-fov-vitl16");

    /// <summary>Released HPA single-cell setup: ViT-L/16, 4 channels, 1756 iterations per epoch.</summary>
    public static CellDinoConfig HpaSingleCellVitL16() => Preset("hpa-sc-vitl16");

    /// <summary>Cell Painting setup of the released ViT-S/8 (5 channels DNA, RNA, ER, AGP, Mito; no protein channel).</summary>
    public static CellDinoConfig CellPaintingVitS8() => Preset("cp-vits8");

    /// <summary>
    /// The <c>tiny</c> preset (<c>vit_micro</c>: depth 4, dim 64, 4 heads, patch 8, 32/16 px crops, 1024 prototypes,
    /// LayerScale 1, teacher temperature 0.03, Sinkhorn-Knopp) for <paramref name="inChans"/> channels; channel 1 is the
    /// protein channel when there are at least 4.
    /// </summary>
    public static CellDinoConfig Tiny(int inChans = 4)
    {
        var c = Preset("tiny");
        return inChans == c.Student.InChans ? c : c with
        {
            Student = c.Student with { InChans = inChans },
            Crops = c.Crops with { ProteinChannel = inChans >= 4 ? 1 : null },
        };
    }

    /// <summary>The backbone configuration the <c>student</c> section describes.</summary>
    public VitConfig CreateVitConfig()
    {
        VitConfig baseCfg;
        try
        {
            baseCfg = VitConfig.FromArch(Student.Arch, Student.PatchSize, Student.InChans, Crops.GlobalCropsSize);
        }
        catch (ArgumentException e)
        {
            var reason = e.ParamName is { } p ? e.Message.Replace($" (Parameter '{p}')", "", StringComparison.Ordinal) : e.Message;
            throw new ArgumentException($"student.arch = \"{Student.Arch}\": {reason}", e);
        }
        return baseCfg with
        {
            ImgSize = Crops.GlobalCropsSize,
            DropPathRate = Student.DropPathRate,
            LayerScaleInit = Student.Layerscale,
            NumRegisterTokens = Student.NumRegisterTokens,
            Ffn = Student.FfnLayer,
        };
    }

    /// <summary>Checks ranges and consistency; throws <see cref="ArgumentException"/> naming the key and its value.</summary>
    public CellDinoConfig Validate() => Validate("config");

    /// <summary>
    /// Checks ranges and consistency; throws <see cref="ArgumentException"/> reading
    /// <c>&lt;source&gt;: &lt;key&gt; = &lt;value&gt;: expected …</c>, where <paramref name="source"/> names where the
    /// configuration came from (a YAML file, the overrides, a checkpoint's metadata).
    /// </summary>
    public CellDinoConfig Validate(string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        JsonObject? values = null;
        void Check(bool ok, string key, string expected)
        {
            if (ok) return;
            values ??= JsonNode.Parse(ToJson())!.AsObject();
            var dot = key.IndexOf('.');
            var value = values[key[..dot]]?[key[(dot + 1)..]];
            throw new ArgumentException($"{source}: {key} = {value?.ToJsonString() ?? "null"}: expected {expected}.");
        }
        Check(Train.BatchSizePerGpu >= 2, "train.batch_size_per_gpu", "at least 2 (KoLeo needs a neighbour)");
        Check(Train.OfficialEpochLength >= 1, "train.official_epoch_length", "at least 1");
        Check(Enum.IsDefined(Train.Centering), "train.centering", "centering or sinkhorn_knopp");
        Check(Enum.IsDefined(Student.FfnLayer), "student.ffn_layer", "mlp or swiglufused");
        Check(Enum.IsDefined(Optim.ScalingRule), "optim.scaling_rule", "sqrt_wrt_1024, linear_wrt_1024 or none");
        Check(Optim.Epochs >= 1, "optim.epochs", "at least 1");
        Check(Optim.WarmupEpochs >= 0 && Optim.WarmupEpochs <= Optim.Epochs, "optim.warmup_epochs", "between 0 and optim.epochs");
        Check((long)Optim.Epochs * Train.OfficialEpochLength <= int.MaxValue, "optim.epochs",
            $"optim.epochs x train.official_epoch_length at most {int.MaxValue} iterations (got {(long)Optim.Epochs * Train.OfficialEpochLength})");
        Check(Teacher.WarmupTeacherTempEpochs >= 0, "teacher.warmup_teacher_temp_epochs", "non-negative");
        Check(Optim.FreezeLastLayerEpochs >= 0, "optim.freeze_last_layer_epochs", "non-negative");
        Check(Crops.GlobalCropsScale is [var g0, var g1] && g0 > 0 && g0 <= g1 && g1 <= 1, "crops.global_crops_scale", "[min, max] with 0 < min ≤ max ≤ 1");
        Check(Crops.LocalCropsScale is [var l0, var l1] && l0 > 0 && l0 <= l1 && l1 <= 1, "crops.local_crops_scale", "[min, max] with 0 < min ≤ max ≤ 1");
        Check(Crops.LocalCropsNumber >= 0, "crops.local_crops_number", "non-negative");
        Check(Student.PatchSize >= 1, "student.patch_size", "a positive patch side in pixels");
        Check(Student.InChans >= 1, "student.in_chans", "at least 1 channel");
        Check(Crops.GlobalCropsSize >= Student.PatchSize && Crops.LocalCropsSize >= Student.PatchSize, "crops.global_crops_size", "global and local crop sides of at least student.patch_size");
        Check(Crops.GlobalCropsSize % Student.PatchSize == 0, "crops.global_crops_size", $"a multiple of student.patch_size {Student.PatchSize}");
        Check(Crops.LocalCropsSize % Student.PatchSize == 0, "crops.local_crops_size", $"a multiple of student.patch_size {Student.PatchSize}");
        Check(Crops.ProteinChannel is null || (Crops.ProteinChannel >= 0 && Crops.ProteinChannel < Student.InChans), "crops.protein_channel", $"null or a channel index below student.in_chans {Student.InChans}");
        Check(Ibot.MaskRatioMinMax is [var m0, var m1] && m0 >= 0 && m0 <= m1 && m1 < 1, "ibot.mask_ratio_min_max", "[min, max] with 0 ≤ min ≤ max < 1");
        Check(Ibot.MaskSampleProbability is >= 0 and <= 1, "ibot.mask_sample_probability", "a probability");
        // Settings under which the health signals cannot be measured or the run cannot learn by construction.
        Check(Dino.HeadNPrototypes >= 2, "dino.head_n_prototypes", "at least 2 (with one prototype every target is the same and ln K = 0)");
        Check(Dino.HeadBottleneckDim >= 1, "dino.head_bottleneck_dim", "at least 1");
        Check(Dino.HeadHiddenDim >= 1, "dino.head_hidden_dim", "at least 1");
        Check(Dino.HeadNlayers >= 1, "dino.head_nlayers", "at least 1");
        Check(double.IsFinite(Teacher.TeacherTemp) && Teacher.TeacherTemp > 0, "teacher.teacher_temp", "a positive temperature (Cell-DINO: 0.07)");
        Check(double.IsFinite(Teacher.WarmupTeacherTemp) && Teacher.WarmupTeacherTemp > 0, "teacher.warmup_teacher_temp", "a positive temperature (Cell-DINO: 0.04)");
        Check(Teacher.MomentumTeacher is >= 0 and < 1, "teacher.momentum_teacher", "in [0, 1) (at 1 the teacher never moves and nothing is distilled)");
        Check(Teacher.FinalMomentumTeacher is >= 0 and <= 1 && Teacher.FinalMomentumTeacher >= Teacher.MomentumTeacher, "teacher.final_momentum_teacher", "in [teacher.momentum_teacher, 1]");
        Check(double.IsFinite(Optim.BaseLr) && Optim.BaseLr > 0, "optim.base_lr", "a positive learning rate");
        Check(double.IsFinite(Optim.MinLr) && Optim.MinLr >= 0, "optim.min_lr", "non-negative");
        Check(Dino.LossWeight >= 0 && Ibot.LossWeight >= 0 && Dino.KoleoLossWeight >= 0, "dino.loss_weight", "non-negative loss weights (dino.loss_weight, ibot.loss_weight, dino.koleo_loss_weight)");
        Check(Dino.LossWeight > 0 || Ibot.LossWeight > 0, "dino.loss_weight", "positive, or ibot.loss_weight positive (with both 0 nothing is distilled)");
        Check(Train.HealthEvery >= 1, "train.health_every", "at least 1");
        Check(Train.CollapsePatience >= 1, "train.collapse_patience", "at least 1 iteration");
        try
        {
            CreateVitConfig().Validate("student");
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"{source}: {e.Message}", e);
        }
        return this;
    }

    internal static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        PropertyNameCaseInsensitive = true,
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    /// <summary>Serializes to JSON with DINOv2's snake_case key names.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    /// <summary>
    /// Parses a JSON or YAML text (DINOv2 config style). Every key must be a CellDino key or one of the DINOv2 keys that do
    /// not apply to single-device training (e.g. <c>train.output_dir</c>, <c>compute_precision</c>), which are ignored; an
    /// unknown key fails naming it and <paramref name="sourceName"/>, as a value of the wrong type does.
    /// </summary>
    public static CellDinoConfig Parse(string text, string sourceName = "config")
    {
        ArgumentNullException.ThrowIfNull(text);
        JsonNode? node;
        var trimmed = text.TrimStart();
        try
        {
            node = trimmed.StartsWith('{') ? JsonNode.Parse(text) : ConfigYaml.Parse(text, sourceName);
        }
        catch (JsonException ex)
        {
            throw new FormatException($"{sourceName}: not valid JSON: {ex.Message}", ex);
        }
        if (node is not null and not JsonObject) throw new FormatException($"{sourceName}: a config must be a mapping of sections.");
        if (node is JsonObject root) ConfigKeys.Check(root, JsonNode.Parse(new CellDinoConfig().ToJson())!.AsObject(), sourceName);
        try
        {
            return (node?.Deserialize<CellDinoConfig>(JsonOptions) ?? new CellDinoConfig()).Validate(sourceName);
        }
        catch (JsonException ex)
        {
            throw new FormatException($"{sourceName}: value at {ex.Path} has the wrong type: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// Applies command-line style overrides <c>section.key=value</c> (DINOv2 names, e.g. <c>optim.epochs=5</c>,
    /// <c>crops.local_crops_number=4</c>, <c>crops.global_crops_scale=[0.5, 1.0]</c>) and validates the result.
    /// </summary>
    public CellDinoConfig WithOverrides(IEnumerable<string> assignments)
    {
        ArgumentNullException.ThrowIfNull(assignments);
        var root = JsonNode.Parse(ToJson())!.AsObject();
        foreach (var assignment in assignments)
        {
            int eq = assignment.IndexOf('=');
            var path = eq > 0 ? assignment[..eq].Trim().Split('.') : [];
            if (path.Length != 2)
                throw new ArgumentException($"Override '{assignment}' is not of the form section.key=value (e.g. optim.epochs=5).");
            var section = root[path[0].ToLowerInvariant()] as JsonObject
                ?? throw new ArgumentException($"Override '{assignment}': no config section '{path[0]}' (sections: {string.Join(", ", root.Select(p => p.Key))}).");
            var key = path[1].ToLowerInvariant();
            if (!section.ContainsKey(key))
                throw new ArgumentException($"Override '{assignment}': section '{path[0]}' has no key '{path[1]}' (keys: {string.Join(", ", section.Select(p => p.Key))}).");
            var parsed = ConfigYaml.Parse("v: " + assignment[(eq + 1)..].Trim(), "override " + assignment).AsObject();
            section[key] = parsed["v"]?.DeepClone();
        }
        return Parse(root.ToJsonString(), "overrides");
    }

    /// <summary>Loads a <c>.json</c>, <c>.yaml</c> or <c>.yml</c> file.</summary>
    public static CellDinoConfig Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Config file {path} does not exist.", path);
        return Parse(File.ReadAllText(path), path);
    }
}
