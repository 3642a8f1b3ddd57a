namespace CellDino.Core.Training;

/// <summary>One step's report from <see cref="CellDinoTrainer"/>.</summary>
public sealed record TrainingProgress
{
    /// <summary>Iteration just completed (0-based).</summary>
    public long Iteration { get; init; }

    /// <summary>Total iterations of the run.</summary>
    public long TotalIterations { get; init; }

    /// <summary>Total loss.</summary>
    public double Loss { get; init; }

    /// <summary>Each loss term by DINOv2's logging name (<c>dino_local_crops_loss</c>, <c>dino_global_crops_loss</c>, <c>koleo_loss</c>, <c>ibot_loss</c>).</summary>
    public IReadOnlyDictionary<string, double> Terms { get; init; } = new Dictionary<string, double>();

    /// <summary>Learning rate (before layer-wise multipliers).</summary>
    public double LearningRate { get; init; }

    /// <summary>Weight decay (before multipliers).</summary>
    public double WeightDecay { get; init; }

    /// <summary>Teacher EMA momentum.</summary>
    public double Momentum { get; init; }

    /// <summary>Teacher temperature.</summary>
    public double TeacherTemperature { get; init; }

    /// <summary>Images per second over the steps of this run so far.</summary>
    public double ImagesPerSecond { get; init; }

    /// <summary>Estimated time to the end of the run.</summary>
    public TimeSpan Eta { get; init; }

    /// <summary>The step's health signals (teacher entropy against ln K, batch-mean entropy, KL, class-token spread, center norm).</summary>
    public TrainingHealth? Health { get; init; }

    /// <summary>A collapse warning raised at this step (each stretch of collapse warns once), or null.</summary>
    public CollapseWarning? Collapse { get; init; }

    /// <summary>Collapse kinds in force at this step (in their band for at least <c>train.collapse_patience</c> iterations).</summary>
    public IReadOnlyList<CollapseKind> ActiveCollapses { get; init; } = [];
}
