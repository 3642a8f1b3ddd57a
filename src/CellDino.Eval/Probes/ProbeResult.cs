namespace CellDino.Eval.Probes;

/// <summary>Outcome of a probe: the chosen hyper-parameters, validation scores and predictions on the test set.</summary>
public sealed record ProbeResult
{
    /// <summary>Base learning rate of the chosen classifier (before any batch scaling).</summary>
    public required double BestLearningRate { get; init; }

    /// <summary>Weight decay of the chosen classifier.</summary>
    public required double BestWeightDecay { get; init; }

    /// <summary>Validation metric of the chosen classifier.</summary>
    public required double ValidationScore { get; init; }

    /// <summary>Validation metric of every trained classifier, in grid order (learning rate outer, weight decay inner).</summary>
    public required IReadOnlyList<ComboScore> Combos { get; init; }

    /// <summary>Number of classes (the width of <see cref="TestScores"/>).</summary>
    public required int NumClasses { get; init; }

    /// <summary>
    /// Test-set scores of the chosen classifier, row-major <c>[N, NumClasses]</c>: softmax probabilities (multi-class)
    /// or sigmoid probabilities (multi-label).
    /// </summary>
    public required float[] TestScores { get; init; }

    /// <summary>Predicted classes per test row: the arg-max (multi-class) or every class with probability above 0.5 (multi-label).</summary>
    public required int[][] Predictions { get; init; }
}
