using System.Globalization;
using System.Text.Json;
using CellDino.Core.Checkpoints;
using CellDino.Core.Models;
using CellDino.Core.Training.Config;
using Microsoft.Extensions.Logging;
using TorchSharp;
using static TorchSharp.torch;

namespace CellDino.Core.Training;

public sealed partial class CellDinoTrainer
{
    /// <summary>File name of the training checkpoint inside <see cref="TrainerOptions.OutputDirectory"/>.</summary>
    public const string CheckpointFileName = "checkpoint.safetensors";

    /// <summary>Format tag written into checkpoint metadata.</summary>
    public const string CheckpointFormat = "celldino-train-v1";

    /// <summary>
    /// Identity of the training run (new at construction, kept by <see cref="Resume"/>), recorded in every checkpoint and
    /// teacher export so outputs can be traced to one run and two runs are never mistaken for one.
    /// </summary>
    public string RunId { get; private set; } = Guid.NewGuid().ToString("N");

    /// <summary>Path of the last checkpoint this trainer wrote, if any.</summary>
    public string? LastCheckpoint => _lastCheckpoint;

    /// <summary>
    /// Writes everything a resumed run needs, atomically: student and teacher backbones and heads (DINOv2 key names
    /// under <c>student.backbone.</c>, <c>teacher.dino_head.</c>, ...), AdamW moments and step, the DINO and iBOT centers,
    /// the iteration (which also fixes the RNG streams and the data position) and the configuration.
    /// </summary>
    public void SaveCheckpoint(string path)
    {
        using var scope = NewDisposeScope();
        var tensors = new List<KeyValuePair<string, Tensor>>();
        void Add(string prefix, nn.Module m)
        {
            foreach (var (name, p) in m.named_parameters()) tensors.Add(new(prefix + name, p.detach()));
        }
        Add("student.backbone.", StudentBackbone);
        Add("student.dino_head.", StudentHead);
        Add("teacher.backbone.", TeacherBackbone);
        Add("teacher.dino_head.", TeacherHead);
        tensors.Add(new("optimizer.exp_avg", _adamw.ExpAvg[0]));
        tensors.Add(new("optimizer.exp_avg_sq", _adamw.ExpAvgSq[0]));
        tensors.Add(new("dino_loss.center", _dinoLoss.Center));
        tensors.Add(new("ibot_patch_loss.center", _ibotLoss.Center));
        var metadata = new Dictionary<string, string>
        {
            ["format"] = CheckpointFormat,
            ["iteration"] = Iteration.ToString(CultureInfo.InvariantCulture),
            ["run_id"] = RunId,
            ["adamw_step"] = _adamw.StepCount.ToString(CultureInfo.InvariantCulture),
            ["config"] = Config.ToJson(),
        };
        SafeTensors.Write(path, tensors, metadata);
        _lastCheckpoint = path;
    }

    /// <summary>Rebuilds a trainer from a checkpoint written by <see cref="SaveCheckpoint"/> and continues where it stopped.</summary>
    public static CellDinoTrainer Resume(string checkpointPath, TrainerOptions? options = null)
    {
        using var state = SafeTensors.Read(checkpointPath, out var metadata);
        if (!metadata.TryGetValue("format", out var format) || format != CheckpointFormat || !metadata.TryGetValue("config", out var configJson))
            throw new CheckpointFormatException(checkpointPath, $"not a CellDino training checkpoint (expected metadata format '{CheckpointFormat}' with the config).");
        var config = CellDinoConfig.Parse(configJson, checkpointPath + " (config metadata)");
        // The saved config must describe the tensors the file holds before a trainer of that size is built.
        VitCheckpoint.CheckDeclaredConfig(config.CreateVitConfig(), state, checkpointPath, "student.backbone.");
        VitCheckpoint.CheckDeclaredConfig(config.CreateVitConfig(), state, checkpointPath, "teacher.backbone.");
        var heads = new List<(string, long[])> { ("student.dino_head.last_layer.weight_v", [config.Dino.HeadNPrototypes, config.Dino.HeadBottleneckDim]) };
        if (config.Dino.HeadNlayers > 1) heads.Add(("student.dino_head.mlp.0.weight", [config.Dino.HeadHiddenDim, config.CreateVitConfig().EmbedDim]));
        foreach (var (key, shape) in heads)
            if (!state.TryGetValue(key, out var t) || !t.shape.SequenceEqual(shape))
                throw new CheckpointFormatException(checkpointPath, $"its saved config needs '{key}' of shape [{string.Join(", ", shape)}], but the file holds " +
                    (t is null ? "no such tensor." : $"[{string.Join(", ", t.shape)}]."));
        var trainer = new CellDinoTrainer(config, options);
        try
        {
            trainer.LoadState(state, metadata, checkpointPath);
        }
        catch
        {
            trainer.Dispose();
            throw;
        }
        return trainer;
    }

    private void LoadState(StateDict state, IReadOnlyDictionary<string, string> metadata, string path)
    {
        using var noGrad = no_grad();
        void CopyInto(string key, Tensor target)
        {
            if (!state.TryGetValue(key, out var source))
                throw new CheckpointFormatException(path, $"tensor '{key}' is missing.");
            if (!source.shape.SequenceEqual(target.shape))
                throw new CheckpointFormatException(path, $"tensor '{key}' has shape [{string.Join(", ", source.shape)}], expected [{string.Join(", ", target.shape)}].");
            target.copy_(source);
        }
        void Load(string prefix, nn.Module m)
        {
            foreach (var (name, p) in m.named_parameters()) CopyInto(prefix + name, p);
        }
        Load("student.backbone.", StudentBackbone);
        Load("student.dino_head.", StudentHead);
        Load("teacher.backbone.", TeacherBackbone);
        Load("teacher.dino_head.", TeacherHead);
        CopyInto("optimizer.exp_avg", _adamw.ExpAvg[0]);
        CopyInto("optimizer.exp_avg_sq", _adamw.ExpAvgSq[0]);
        CopyInto("dino_loss.center", _dinoLoss.Center);
        CopyInto("ibot_patch_loss.center", _ibotLoss.Center);
        Iteration = StepCount(metadata, "iteration", TotalIterations, path);
        _adamw.StepCount = StepCount(metadata, "adamw_step", long.MaxValue, path);
        if (metadata.TryGetValue("run_id", out var runId) && runId.Length > 0) RunId = runId;
        _lastCheckpoint = path;
    }

    // The counters fix the schedules, RNG streams and data position a resume continues from: a forged or damaged one
    // is refused naming the file, the key and the value.
    private static long StepCount(IReadOnlyDictionary<string, string> metadata, string key, long max, string path)
    {
        if (!metadata.TryGetValue(key, out var text))
            throw new CheckpointFormatException(path, $"metadata key '{key}' is missing: expected the step count a CellDino training checkpoint records.");
        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value > max)
            throw new CheckpointFormatException(path, $"{key} = '{text}': expected an integer from 0 to {max.ToString(CultureInfo.InvariantCulture)}.");
        return value;
    }

    /// <summary>
    /// Writes the teacher backbone under DINOv2's key names (a bare backbone state dict, as the released Cell-DINO
    /// checkpoints), with its <see cref="VitConfig"/> in the metadata, for the embedding side.
    /// </summary>
    public void ExportTeacherBackbone(string path)
    {
        var tensors = TeacherBackbone.named_parameters().Select(x => new KeyValuePair<string, Tensor>(x.name, x.parameter.detach())).ToList();
        var metadata = new Dictionary<string, string>
        {
            ["format"] = "pt",
            ["celldino_vit_config"] = JsonSerializer.Serialize(TeacherBackbone.Config),
            ["iteration"] = Iteration.ToString(CultureInfo.InvariantCulture),
            ["run_id"] = RunId,
        };
        SafeTensors.Write(path, tensors, metadata);
    }

    private void SaveCheckpointIfConfigured()
    {
        if (_options.OutputDirectory is null) return;
        AtomicFile.CreateDirectory(_options.OutputDirectory);
        var path = Path.Combine(_options.OutputDirectory, CheckpointFileName);
        SaveCheckpoint(path);
        _logger.LogInformation("Checkpoint at iteration {Iteration}: {Path}", Iteration, path);
        _options.CheckpointWritten?.Invoke(path);
    }
}
