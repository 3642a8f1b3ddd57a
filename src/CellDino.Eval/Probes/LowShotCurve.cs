namespace CellDino.Eval.Probes;

/// <summary>Score of a probe trained on a fraction of the training labels, over several seeds.</summary>
/// <param name="Fraction">Fraction of the training set kept (0, 1].</param>
/// <param name="Mean">Mean score over the runs.</param>
/// <param name="Std">Sample standard deviation (n − 1) over the runs; 0 for a single run.</param>
/// <param name="Runs">Score of each run, in seed order.</param>
public sealed record LowShotCurve(double Fraction, double Mean, double Std, IReadOnlyList<double> Runs);
