namespace CellDino.Core.Training;

/// <summary>
/// The five per-iteration schedules of DINOv2's <c>build_schedulers</c>: learning rate, weight decay,
/// teacher momentum, teacher temperature and last-layer learning rate.
/// </summary>
public sealed class CellDinoSchedules
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

    /// <summary>Builds the schedules with exactly the arguments DINOv2's <c>build_schedulers</c> passes.</summary>
    public static CellDinoSchedules Build(CellDinoScheduleConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        long l = config.EpochLength, total = config.TotalIters;
        var lr = new CosineScheduler(config.ScaledLr, config.MinLr, total, config.WarmupEpochs * l, startWarmupValue: 0);
        var wd = new CosineScheduler(config.WeightDecay, config.WeightDecayEnd, total);
        var momentum = new CosineScheduler(config.MomentumTeacher, config.FinalMomentumTeacher, total);
        long tWarm = config.WarmupTeacherTempEpochs * l;
        var temp = new CosineScheduler(config.TeacherTemp, config.TeacherTemp, tWarm, tWarm, config.WarmupTeacherTemp);
        var lastLayer = lr.WithLeadingZeros(config.FreezeLastLayerEpochs * l);
        return new CellDinoSchedules(lr, wd, momentum, temp, lastLayer);
    }
}
