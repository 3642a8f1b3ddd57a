namespace CellDino.Eval.Probes;

/// <summary>
/// Scores a probe's predictions on <paramref name="data"/> (higher is better). <paramref name="scores"/> is row-major
/// <c>[data.Count, data.NumClasses]</c>: softmax probabilities for <see cref="ProbeTaskKind.MultiClass"/>, sigmoid
/// probabilities for <see cref="ProbeTaskKind.MultiLabel"/>.
/// </summary>
public delegate double ProbeMetric(float[] scores, ProbeDataset data);
