using CellDino.Core.Training.Config;

namespace CellDino.Benchmarks.Suites;

/// <summary>Training configurations the benchmarks run, by name.</summary>
public static class Presets
{
    /// <summary>The <see cref="CellDinoConfig.Tiny"/> preset (vit_micro, 32/16 px, batch 32).</summary>
    public const string Tiny = "tiny";

    /// <summary>
    /// The tiny step as <c>../shared/reference/pytorch-side/ref_perf.py step --preset tiny</c> runs it: the demo configuration
    /// of 2026-11 (4 local crops of 0.1–0.5, global 0.5–1, LayerScale 1e-5, centering, KoLeo 0.1, teacher 0.04 → 0.07,
    /// momentum 0.99). The same work on both sides, whatever the tiny preset has become since.
    /// </summary>
    public const string TinyReference = "tiny-ref";

    /// <summary>ViT-S/16, 4 channels, 224/96 px crops (2 global + 8 local), 65,536 prototypes; batch 2 on CPU.</summary>
    public const string VitS16 = "vit_s16";

    /// <summary>Cell-DINO's released HPA fields-of-view setup (<see cref="CellDinoConfig.HpaFovVitL16"/>): ViT-L/16, 4 channels, 224/96 px crops, batch 16.</summary>
    public const string VitL16 = "vit_l16";

    /// <summary>Every preset name <see cref="Training"/> knows.</summary>
    public static IReadOnlyList<string> Names { get; } = [Tiny, TinyReference, VitS16, VitL16];

    /// <summary>
    /// The configuration for <paramref name="name"/>. The schedules span 10,000 iterations so benchmarks can step
    /// freely (iteration numbers wrap); checkpoints are off.
    /// </summary>
    public static CellDinoConfig Training(string name)
    {
        var c = name switch
        {
            Tiny => CellDinoConfig.Tiny(),
            TinyReference => CellDinoConfig.Tiny().WithOverrides([
                "student.layerscale=1e-5", "train.centering=centering", "dino.koleo_loss_weight=0.1",
                "teacher.momentum_teacher=0.99", "teacher.warmup_teacher_temp=0.04", "teacher.teacher_temp=0.07",
                "crops.local_crops_number=4", "crops.global_crops_scale=[0.5, 1.0]", "crops.local_crops_scale=[0.1, 0.5]"]),
            VitS16 => new CellDinoConfig
            {
                Train = new TrainConfig { BatchSizePerGpu = 2 },
                Student = new StudentConfig { Arch = "vit_small", PatchSize = 16, InChans = 4 },
            },
            VitL16 => CellDinoConfig.HpaFovVitL16(),
            _ => throw new ArgumentException($"Unknown preset '{name}' ({string.Join(", ", Names)}).", nameof(name)),
        };
        return (c with
        {
            Train = c.Train with { OfficialEpochLength = 1000, SaveckpFreq = 0 },
            Optim = c.Optim with { Epochs = 10, WarmupEpochs = 1 },
            Teacher = c.Teacher with { WarmupTeacherTempEpochs = 1 },
        }).Validate();
    }

    /// <summary>Raw field size fed to the augmentation: 64 px for the tiny presets, 256 px for the ViT presets (crops are resampled from it).</summary>
    public static int RawSize(string name) => name is Tiny or TinyReference ? 64 : 256;
}
