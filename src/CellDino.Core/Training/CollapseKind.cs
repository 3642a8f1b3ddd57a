namespace CellDino.Core.Training;

/// <summary>The ways self-distillation fails that <see cref="CollapseDetector"/> recognizes.</summary>
public enum CollapseKind
{
    /// <summary>
    /// Uniform collapse: every teacher target is (nearly) the uniform distribution over the prototypes, so the DINO loss
    /// sits at ln K and carries no signal (per-sample teacher entropy ≥ 95 % of ln K).
    /// </summary>
    Uniform,

    /// <summary>
    /// One-prototype collapse: every image is sent to the same target, typically one dominant prototype (the batch-mean
    /// teacher entropy exceeds the per-sample entropy by at most 10 % of ln min(K, 2B), i.e. the targets carry almost no
    /// information about the image, while the targets are not uniform).
    /// </summary>
    OnePrototype,

    /// <summary>
    /// Representation collapse: the teacher backbone maps every image to (nearly) the same embedding
    /// (std of the normalized class tokens × √D below 0.05), whatever the head does.
    /// </summary>
    Representation,
}
