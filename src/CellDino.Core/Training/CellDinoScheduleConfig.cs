namespace CellDino.Core.Training;

/// <summary>
/// Schedule settings named after DINOv2's config keys, with the defaults of the released Cell-DINO HPA
/// trainings (<c>ssl_default_config.yaml</c> merged with <c>configs/train/cell_dino/*.yaml</c>).
/// Only <see cref="EpochLength"/> (iterations per epoch, <c>OFFICIAL_EPOCH_LENGTH</c>) has no default.
/// </summary>
public sealed record CellDinoScheduleConfig
{
    /// <summary>Iterations per "epoch" (<c>train.OFFICIAL_EPOCH_LENGTH</c>; 450 for HPA-FoV, 1756 for HPA single-cell).</summary>
    public required int EpochLength { get; init; }

    /// <summary>Training epochs (<c>optim.epochs</c>).</summary>
    public int Epochs { get; init; } = 100;

    /// <summary>Learning rate for a global batch of 1024 (<c>optim.base_lr</c>).</summary>
    public double BaseLr { get; init; } = 5e-4;

    /// <summary>Global batch size, per-device batch × devices (16 × 32 = 512 in the release).</summary>
    public int GlobalBatchSize { get; init; } = 512;

    /// <summary>Final learning rate of the cosine (<c>optim.min_lr</c>).</summary>
    public double MinLr { get; init; } = 1e-6;

    /// <summary>Linear learning-rate warm-up from 0, in epochs (<c>optim.warmup_epochs</c>).</summary>
    public int WarmupEpochs { get; init; } = 20;

    /// <summary>Initial weight decay (<c>optim.weight_decay</c>).</summary>
    public double WeightDecay { get; init; } = 0.04;

    /// <summary>Final weight decay (<c>optim.weight_decay_end</c>).</summary>
    public double WeightDecayEnd { get; init; } = 0.2;

    /// <summary>Initial teacher EMA momentum (<c>teacher.momentum_teacher</c>).</summary>
    public double MomentumTeacher { get; init; } = 0.996;

    /// <summary>Final teacher EMA momentum (<c>teacher.final_momentum_teacher</c>).</summary>
    public double FinalMomentumTeacher { get; init; } = 1.0;

    /// <summary>Teacher temperature after the warm-up (<c>teacher.teacher_temp</c>).</summary>
    public double TeacherTemp { get; init; } = 0.07;

    /// <summary>Teacher temperature at iteration 0 (<c>teacher.warmup_teacher_temp</c>).</summary>
    public double WarmupTeacherTemp { get; init; } = 0.04;

    /// <summary>Teacher temperature warm-up, in epochs (<c>teacher.warmup_teacher_temp_epochs</c>).</summary>
    public int WarmupTeacherTempEpochs { get; init; } = 20;

    /// <summary>Epochs during which the last layer's learning rate is 0 (<c>optim.freeze_last_layer_epochs</c>).</summary>
    public int FreezeLastLayerEpochs { get; init; } = 1;

    /// <summary>
    /// The learning rate after DINOv2's <c>sqrt_wrt_1024</c> scaling rule:
    /// <c>base_lr · √(global_batch / 1024)</c>.
    /// </summary>
    public double ScaledLr => BaseLr * Math.Sqrt(GlobalBatchSize / 1024.0);

    /// <summary>Total iterations (epochs × epoch length).</summary>
    public long TotalIters => (long)Epochs * EpochLength;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first inconsistent setting.</summary>
    public void Validate()
    {
        static void Check(bool ok, string message)
        {
            if (!ok) throw new ArgumentException($"Invalid CellDinoScheduleConfig: {message}");
        }
        Check(EpochLength > 0, $"EpochLength must be positive, got {EpochLength}.");
        Check(Epochs > 0, $"Epochs must be positive, got {Epochs}.");
        Check(GlobalBatchSize > 0, $"GlobalBatchSize must be positive, got {GlobalBatchSize}.");
        Check(WarmupEpochs >= 0 && WarmupEpochs <= Epochs, $"WarmupEpochs {WarmupEpochs} must be in 0..Epochs ({Epochs}).");
        Check(WarmupTeacherTempEpochs >= 0, $"WarmupTeacherTempEpochs must be >= 0, got {WarmupTeacherTempEpochs}.");
        Check(FreezeLastLayerEpochs >= 0, $"FreezeLastLayerEpochs must be >= 0, got {FreezeLastLayerEpochs}.");
        Check(BaseLr >= 0 && MinLr >= 0, "learning rates must be >= 0.");
        Check(TeacherTemp > 0 && WarmupTeacherTemp > 0, "teacher temperatures must be positive.");
    }
}
