namespace CellDino.Core.Training;

/// <summary>
/// The five per-iteration schedules of DINOv2's <c>build_schedulers</c>: learning rate, weight decay,
/// teacher momentum, teacher temperature and last-layer learning rate.
/// </summary>
internal sealed class CellDinoSchedules
{
    private CellDinoSchedules(CosineScheduler lr, CosineScheduler wd, CosineScheduler momentum, CosineScheduler teacherTemp, CosineScheduler lastLayerLr)
    {
        Lr = lr;
        WeightDecay = wd;
        Momentum = momentum;
        TeacherTemp = teacherTemp;
        LastLayerLr = lastLayerLr;
    }

    /// <summary>Learning rate: warm-up from 0 to the scaled lr over the warm-up epochs, then cosine to min_lr.</summary>
    public CosineScheduler Lr { get; }

    /// <summary>Weight decay: cosine from weight_decay to weight_decay_end over all iterations.</summary>
    public CosineScheduler WeightDecay { get; }

    /// <summary>Teacher EMA momentum: cosine from momentum_teacher to final_momentum_teacher over all iterations.</summary>
    public CosineScheduler Momentum { get; }

    /// <summary>Teacher temperature: linear warm-up, then constant (its length is the warm-up only).</summary>
    public CosineScheduler TeacherTemp { get; }

    /// <summary>Last-layer learning rate: <see cref="Lr"/> with the first freeze_last_layer_epochs epochs at 0.</summary>
    public CosineScheduler LastLayerLr { get; }

    /// <summary>
    /// Builds the schedules from the configuration tree with exactly the arguments DINOv2's <c>build_schedulers(cfg)</c>
    /// passes; the learning rate is <c>optim.base_lr</c> after <c>optim.scaling_rule</c> for the single-device batch
    /// <c>train.batch_size_per_gpu</c> (the global batch of a CellDino run).
    /// </summary>
    /// <exception cref="ArgumentException">The configuration is invalid (the message names the key).</exception>
    public static CellDinoSchedules Build(Config.CellDinoConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        var (optim, teacher) = (config.Optim, config.Teacher);
        long l = config.Train.OfficialEpochLength, total = config.TotalIterations;
        var lr = new CosineScheduler(optim.ScaledLr(config.Train.BatchSizePerGpu), optim.MinLr, total, optim.WarmupEpochs * l, startWarmupValue: 0);
        var wd = new CosineScheduler(optim.WeightDecay, optim.WeightDecayEnd, total);
        var momentum = new CosineScheduler(teacher.MomentumTeacher, teacher.FinalMomentumTeacher, total);
        long tWarm = teacher.WarmupTeacherTempEpochs * l;
        var temp = new CosineScheduler(teacher.TeacherTemp, teacher.TeacherTemp, tWarm, tWarm, teacher.WarmupTeacherTemp);
        var lastLayer = lr.WithLeadingZeros(optim.FreezeLastLayerEpochs * l);
        return new CellDinoSchedules(lr, wd, momentum, temp, lastLayer);
    }
}
