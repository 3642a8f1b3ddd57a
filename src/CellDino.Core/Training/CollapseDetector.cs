namespace CellDino.Core.Training;

/// <summary>
/// Watches <see cref="TrainingHealth"/> step by step and raises a <see cref="CollapseWarning"/> when a signal has stayed
/// in its collapse band for <c>patience</c> consecutive iterations: uniform collapse (teacher entropy ≥
/// <see cref="UniformEntropyFraction"/> · ln K), one-prototype collapse (batch-mean teacher entropy ≤
/// <see cref="OnePrototypeEntropyFraction"/> · ln min(K, 2B)) and representation collapse (normalized class-token
/// std × √D ≤ <see cref="RepresentationStdThreshold"/>). Each stretch in a band warns once; leaving the band re-arms it.
/// No reference implementation has this: DINO's most reported failure on custom data (loss pinned at ln K) is silent there.
/// </summary>
internal sealed class CollapseDetector
{
    /// <summary>Uniform-collapse band: per-sample teacher entropy at or above this fraction of ln K.</summary>
    public const double UniformEntropyFraction = 0.95;

    /// <summary>One-prototype band: <see cref="TrainingHealth.TargetInformation"/> at or below this fraction of ln min(K, 2B).</summary>
    public const double OnePrototypeEntropyFraction = 0.10;

    /// <summary>Representation-collapse band: std of the normalized teacher class tokens × √D at or below this value.</summary>
    public const double RepresentationStdThreshold = 0.05;

    private static readonly CollapseKind[] Kinds = Enum.GetValues<CollapseKind>();
    private readonly long?[] _since = new long?[Kinds.Length];
    private readonly bool[] _warned = new bool[Kinds.Length];
    private readonly double _batchRowsLog;

    /// <summary>Creates a detector.</summary>
    /// <param name="patience">Consecutive iterations a signal must stay in its band before a warning (≥ 1).</param>
    /// <param name="prototypes">K, the number of prototypes.</param>
    /// <param name="batchSize">B, images per step (the teacher sees 2B global crops).</param>
    public CollapseDetector(int patience, int prototypes, int batchSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(patience, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(prototypes, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        Patience = patience;
        _batchRowsLog = Math.Log(Math.Min(prototypes, 2.0 * batchSize));
    }

    /// <summary>Consecutive iterations in a band before a warning.</summary>
    public int Patience { get; }

    /// <summary>The kinds whose band the run has been in for at least <see cref="Patience"/> iterations, as of the last observation.</summary>
    public IReadOnlyList<CollapseKind> Active => Kinds.Where((_, i) => _warned[i]).ToArray();

    /// <summary>Records one step's health; returns a warning the first time a stretch in a band reaches the patience.</summary>
    public CollapseWarning? Observe(long iteration, TrainingHealth health)
    {
        ArgumentNullException.ThrowIfNull(health);
        CollapseWarning? raised = null;
        for (int i = 0; i < Kinds.Length; i++)
        {
            var kind = Kinds[i];
            if (!InBand(kind, health))
            {
                _since[i] = null;
                _warned[i] = false;
                continue;
            }
            _since[i] ??= iteration;
            // One warning per step: a second kind that reaches its patience now is raised at the next step.
            if (raised is null && !_warned[i] && iteration - _since[i]!.Value + 1 >= Patience)
            {
                _warned[i] = true;
                raised = new CollapseWarning(kind, iteration, _since[i]!.Value, Signal(kind, health), Remedies(kind));
            }
        }
        return raised;
    }

    /// <summary>Whether <paramref name="health"/> lies in the collapse band of <paramref name="kind"/>.</summary>
    public bool InBand(CollapseKind kind, TrainingHealth health)
    {
        ArgumentNullException.ThrowIfNull(health);
        return kind switch
        {
            CollapseKind.Uniform => health.TeacherEntropy >= UniformEntropyFraction * health.LogPrototypes,
            CollapseKind.OnePrototype => health.TargetInformation <= OnePrototypeEntropyFraction * _batchRowsLog &&
                                         health.TeacherEntropy < UniformEntropyFraction * health.LogPrototypes,
            CollapseKind.Representation => health.RelativeTeacherClsStd <= RepresentationStdThreshold,
            _ => false,
        };
    }

    private string Signal(CollapseKind kind, TrainingHealth h) => kind switch
    {
        CollapseKind.Uniform => FormattableString.Invariant($"teacher entropy {h.TeacherEntropy:F3} of ln K = {h.LogPrototypes:F3}, student-teacher KL {h.StudentTeacherKl:F3}"),
        CollapseKind.OnePrototype => FormattableString.Invariant($"every image gets the same target: batch-mean minus per-sample teacher entropy {h.TargetInformation:F3} of ln min(K, 2B) = {_batchRowsLog:F3}, teacher entropy {h.TeacherEntropy:F3}"),
        _ => FormattableString.Invariant($"normalized class-token std x sqrt(D) = {h.RelativeTeacherClsStd:F4}: every image gets nearly the same embedding"),
    };

    /// <summary>The configuration changes that move <paramref name="kind"/>, most effective first (measured in docs/training.md).</summary>
    public static IReadOnlyList<string> Remedies(CollapseKind kind) => kind switch
    {
        CollapseKind.Uniform =>
        [
            "student.layerscale=1.0 (at 1e-5 every image gives the teacher the same output, and centering turns it into the uniform target)",
            "a sharper teacher: teacher.teacher_temp and teacher.warmup_teacher_temp 0.02-0.04",
            "fewer prototypes for a small batch (dino.head_n_prototypes)",
            "a faster teacher on short runs (teacher.momentum_teacher 0.99)",
        ],
        CollapseKind.OnePrototype =>
        [
            "student.layerscale=1.0 when the class tokens are collapsed too (std x sqrt(D) near 0: every image gives the teacher the same output)",
            "a softer teacher: raise teacher.teacher_temp or lengthen teacher.warmup_teacher_temp_epochs",
            "train.centering=sinkhorn_knopp (balances prototype use)",
            "a lower optim.base_lr or a longer optim.warmup_epochs",
            "a slower teacher (teacher.momentum_teacher closer to 1)",
        ],
        _ =>
        [
            "a lower optim.base_lr",
            "a larger dino.koleo_loss_weight (spreads the class tokens)",
            "student.layerscale=1.0",
            "check that the images vary after normalization (a constant input gives a constant embedding)",
        ],
    };
}
