namespace CellDino.Eval.Probes;

/// <summary>Validation score of one trained classifier of a grid.</summary>
/// <param name="LearningRate">Base learning rate (before any batch scaling).</param>
/// <param name="WeightDecay">Weight decay.</param>
/// <param name="ValidationScore">Metric on the validation set.</param>
public sealed record ComboScore(double LearningRate, double WeightDecay, double ValidationScore);
