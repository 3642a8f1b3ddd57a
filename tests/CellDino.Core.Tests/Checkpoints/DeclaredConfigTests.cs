using CellDino.Core.Checkpoints;
using CellDino.Core.Models;
using CellDino.TestSupport;
using Xunit;
using static TorchSharp.torch;

namespace CellDino.Core.Tests.Checkpoints;

/// <summary>The architecture a safetensors file declares is checked against its tensors before any model is built.</summary>
public sealed class DeclaredConfigTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Export(VitConfig declared) => HostileFiles.SafetensorsWithDeclaredConfig(_dir.File(Guid.NewGuid().ToString("N") + ".safetensors"), declared);

    [Fact]
    public void AnHonestDeclarationLoads()
    {
        using var vit = VitCheckpoint.Load(Export(VitConfig.Tiny(8, 4)));
        Assert.Equal(64, vit.EmbedDim);
    }

    [Theory]
    [InlineData(8192, 2, "cls_token")] // a 150 GB model declared over a tiny file
    [InlineData(64, 48, "depth 48")]
    public void AForgedDeclarationIsRefusedBeforeTheModelIsBuilt(int dim, int depth, string expected)
    {
        var path = Export(VitConfig.Tiny(8, 4) with { EmbedDim = dim, Depth = depth, NumHeads = 2 });
        long before = GC.GetAllocatedBytesForCurrentThread();
        var ex = Assert.Throws<CheckpointFormatException>(() => VitCheckpoint.Load(path));
        Assert.Contains(expected, ex.Message);
        Assert.Contains("declared architecture", ex.Message);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 16 << 20);
    }

    [Fact]
    public void ATrainingCheckpointWhoseConfigWasForgedIsRefusedBeforeTheTrainerIsBuilt()
    {
        var config = Trainer.CellDinoTrainerTests.TinyConfig();
        var path = _dir.File("checkpoint.safetensors");
        using (var trainer = new global::CellDino.Core.Training.CellDinoTrainer(config, new global::CellDino.Core.Training.TrainerOptions { Device = CPU }))
            trainer.SaveCheckpoint(path);
        using var state = SafeTensors.Read(path, out var metadata);
        var forged = new Dictionary<string, string>(metadata)
        {
            ["config"] = (config with { Student = config.Student with { Arch = "vit_giant2", PatchSize = 8 } }).ToJson(),
        };
        var forgedPath = _dir.File("forged.safetensors");
        SafeTensors.Write(forgedPath, state.Select(kv => new KeyValuePair<string, Tensor>(kv.Key, kv.Value)).ToList(), forged);
        var ex = Assert.Throws<CheckpointFormatException>(() => global::CellDino.Core.Training.CellDinoTrainer.Resume(forgedPath, new global::CellDino.Core.Training.TrainerOptions { Device = CPU }));
        Assert.Contains("declared architecture", ex.Message);
    }

    [Fact]
    public void AWrongArchitectureForAnOfficialFileIsOneLineNamingTheOneThatFits()
    {
        using var micro = new VisionTransformer(VitConfig.FromArch("vit_micro", 8, 4, 32), 1);
        var path = _dir.File("official.safetensors");
        StateDictLoader.Save(micro, path); // weights only, as the released .pth/.safetensors backbones are
        var ex = Assert.Throws<CheckpointFormatException>(() => VitCheckpoint.Load(path, VitConfig.FromArch("vit_small", 8, 4, 32)));
        Assert.DoesNotContain('\n', ex.Message);
        Assert.Contains(path, ex.Message);
        Assert.Contains("embed dim 64, depth 4", ex.Message);
        Assert.Contains("vit_micro", ex.Message);
        using var right = VitCheckpoint.Load(path, VitConfig.FromArch("vit_micro", 8, 4, 32));
        Assert.Equal(64, right.EmbedDim);
    }

    // A training checkpoint with its metadata rewritten by <paramref name="edit"/>.
    private string TrainingCheckpointWith(Action<Dictionary<string, string>> edit)
    {
        var path = _dir.File(Guid.NewGuid().ToString("N") + ".safetensors");
        using (var trainer = new global::CellDino.Core.Training.CellDinoTrainer(Trainer.CellDinoTrainerTests.TinyConfig(), new global::CellDino.Core.Training.TrainerOptions { Device = CPU }))
            trainer.SaveCheckpoint(path);
        using var state = SafeTensors.Read(path, out var metadata);
        var forged = new Dictionary<string, string>(metadata);
        edit(forged);
        SafeTensors.Write(path, state.Select(kv => new KeyValuePair<string, Tensor>(kv.Key, kv.Value)).ToList(), forged);
        return path;
    }

    [Theory]
    [InlineData("abc", "iteration = 'abc': expected an integer from 0 to")]
    [InlineData("-3", "iteration = '-3': expected an integer from 0 to")]
    [InlineData("99999999999", "iteration = '99999999999': expected an integer from 0 to")]
    [InlineData(null, "metadata key 'iteration' is missing")]
    public void A_damaged_iteration_in_a_training_checkpoint_names_the_file_the_key_and_the_value(string? value, string expected)
    {
        var path = TrainingCheckpointWith(m => { if (value is null) m.Remove("iteration"); else m["iteration"] = value; });
        var ex = Assert.Throws<CheckpointFormatException>(() => global::CellDino.Core.Training.CellDinoTrainer.Resume(path, new global::CellDino.Core.Training.TrainerOptions { Device = CPU }));
        Assert.StartsWith($"{path}: {expected}", ex.Message);
    }

    [Fact]
    public void An_invalid_config_in_checkpoint_metadata_names_the_file_the_key_and_the_value()
    {
        var train = TrainingCheckpointWith(m => m["config"] = m["config"].Replace("\"base_lr\": 0.", "\"base_lr\": -0.", StringComparison.Ordinal));
        var ex = Assert.Throws<ArgumentException>(() => global::CellDino.Core.Training.CellDinoTrainer.Resume(train, new global::CellDino.Core.Training.TrainerOptions { Device = CPU }));
        Assert.StartsWith($"{train} (config metadata): optim.base_lr = -0.", ex.Message);
        Assert.Contains(": expected a positive learning rate", ex.Message);

        var vit = HostileFiles.SafetensorsWithDeclaredConfig(_dir.File("heads.safetensors"), VitConfig.Tiny(8, 4) with { NumHeads = 3 });
        var bad = Assert.Throws<CheckpointFormatException>(() => VitCheckpoint.Load(vit));
        Assert.Equal($"{vit}: celldino_vit_config: EmbedDim = 64: expected a positive multiple of NumHeads 3.", bad.Message);
    }
}
