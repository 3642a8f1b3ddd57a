namespace CellDino.Eval.Probes;

/// <summary>Settings of <see cref="LowShot"/>.</summary>
public sealed record LowShotOptions
{
    /// <summary>Fractions of the training set (1, 2, 5, 10, 25, 50 and 100 %).</summary>
    public static IReadOnlyList<double> DefaultFractions { get; } = new[] { 0.01, 0.02, 0.05, 0.10, 0.25, 0.50, 1.0 };

    /// <summary>Fractions of the training set to keep, each in (0, 1].</summary>
    public IReadOnlyList<double> Fractions { get; init; } = DefaultFractions;

    /// <summary>One run per seed and fraction; the seed draws the subset and is passed to the probe.</summary>
    public IReadOnlyList<int> Seeds { get; init; } = new[] { 0, 1, 2 };

    /// <summary>How rows are stratified: by their class (multi-class) or rarest label first (multi-label).</summary>
    public ProbeTaskKind TaskKind { get; init; } = ProbeTaskKind.MultiClass;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first bad setting.</summary>
    public void Validate()
    {
        if (Fractions is null || Fractions.Count == 0) throw new ArgumentException("LowShotOptions.Fractions must not be empty.");
        foreach (double f in Fractions)
            if (!(f > 0 && f <= 1)) throw new ArgumentException($"LowShotOptions.Fractions must lie in (0, 1], got {f}.");
        if (Seeds is null || Seeds.Count == 0) throw new ArgumentException("LowShotOptions.Seeds must not be empty.");
    }
}
