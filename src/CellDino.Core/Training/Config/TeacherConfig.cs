namespace CellDino.Core.Training.Config;

/// <summary>The <c>teacher</c> section: EMA momentum and teacher temperature schedules (Cell-DINO values).</summary>
public sealed record TeacherConfig
{
    /// <summary>EMA momentum at the start (cosine to <see cref="FinalMomentumTeacher"/>).</summary>
    public double MomentumTeacher { get; init; } = 0.996;

    /// <summary>EMA momentum at the end.</summary>
    public double FinalMomentumTeacher { get; init; } = 1.0;

    /// <summary>Teacher temperature at the start of its warm-up.</summary>
    public double WarmupTeacherTemp { get; init; } = 0.04;

    /// <summary>Teacher temperature after the warm-up.</summary>
    public double TeacherTemp { get; init; } = 0.07;

    /// <summary>Length of the teacher-temperature warm-up in epochs (Cell-DINO: 20; DINOv2: 30).</summary>
    public int WarmupTeacherTempEpochs { get; init; } = 20;
}
