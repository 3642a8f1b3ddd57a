namespace CellDino.Core.Training;

/// <summary>
/// One step's training-health signals (see docs/training.md, "Reading the health signals"). They are computed on the
/// device inside the step and reach the host in the same single transfer as the loss, so watching them costs no extra
/// synchronization. The two classic DINO failures read directly off them: uniform collapse pins
/// <see cref="TeacherEntropy"/> at <see cref="LogPrototypes"/> (ln K) with <see cref="StudentTeacherKl"/> near 0;
/// one-prototype collapse sends <see cref="BatchMeanTeacherEntropy"/> towards 0; both send <see cref="TargetInformation"/> to 0.
/// </summary>
public sealed record TrainingHealth
{
    /// <summary>Mean over the global crops of the entropy (nats) of each teacher DINO target distribution.</summary>
    public double TeacherEntropy { get; init; }

    /// <summary>ln K, the entropy of the uniform distribution over the K prototypes: the ceiling of <see cref="TeacherEntropy"/>.</summary>
    public double LogPrototypes { get; init; }

    /// <summary>
    /// Entropy of the batch-mean teacher distribution. Healthy runs keep it high (near ln min(K, 2B)): the batch spreads
    /// over many prototypes. It falls towards 0 when every image is sent to the same prototype.
    /// </summary>
    public double BatchMeanTeacherEntropy { get; init; }

    /// <summary>
    /// Student–teacher cross-entropy of the DINO terms minus <see cref="TeacherEntropy"/>: the part of the DINO loss the
    /// student can still remove (a KL divergence, ≥ 0). NaN when the DINO loss is off.
    /// </summary>
    public double StudentTeacherKl { get; init; }

    /// <summary>
    /// Standard deviation across the batch of the teacher backbone's L2-normalized class tokens, averaged over the D
    /// dimensions. Embeddings spread over the sphere give about 1/√D; identical embeddings give 0.
    /// </summary>
    public double TeacherClsStd { get; init; }

    /// <summary>Embedding width D of the class tokens (so that <see cref="TeacherClsStd"/> can be read against 1/√D).</summary>
    public int EmbedDim { get; init; }

    /// <summary>
    /// Effective rank (exp of the entropy of the normalized singular values) of the batch's centred teacher class
    /// tokens, between 1 and min(2B, D); computed every <c>train.health_every</c> iterations, null on the others.
    /// </summary>
    public double? EffectiveRank { get; init; }

    /// <summary>L2 norm of the DINO center (DINOv2 centering; 0 with Sinkhorn-Knopp, which keeps no center).</summary>
    public double CenterNorm { get; init; }

    /// <summary>
    /// <see cref="BatchMeanTeacherEntropy"/> − <see cref="TeacherEntropy"/>: the mutual information between the image and
    /// its teacher target (≥ 0). It is 0 whenever every image gets the same target — uniform or one-prototype — and at
    /// most ln min(K, 2B) when each image has its own confident prototype.
    /// </summary>
    public double TargetInformation => BatchMeanTeacherEntropy - TeacherEntropy;

    /// <summary><see cref="TeacherEntropy"/> as a fraction of ln K (1 = uniform targets).</summary>
    public double RelativeTeacherEntropy => LogPrototypes > 0 ? TeacherEntropy / LogPrototypes : double.NaN;

    /// <summary><see cref="TeacherClsStd"/> × √D: about 1 for embeddings spread over the sphere, 0 for identical ones.</summary>
    public double RelativeTeacherClsStd => TeacherClsStd * Math.Sqrt(Math.Max(EmbedDim, 1));

    /// <summary>A compact one-line reading for progress bars, e.g. <c>H 2.31/6.93 MI 1.64 KL 0.41 std 0.62</c>.</summary>
    public string Summary() => FormattableString.Invariant(
        $"H {TeacherEntropy:F2}/{LogPrototypes:F2} MI {TargetInformation:F2} KL {StudentTeacherKl:F2} std {RelativeTeacherClsStd:F2}");
}
