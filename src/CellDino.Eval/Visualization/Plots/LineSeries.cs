namespace CellDino.Eval.Visualization;

/// <summary>One line of a <see cref="LinePlot"/>: points (x, y) with an optional symmetric error (e.g. standard
/// deviation over seeds of a low-shot curve).</summary>
/// <param name="Name">Legend name.</param>
/// <param name="X">X values (drawn in ascending order).</param>
/// <param name="Y">Y values, one per x.</param>
/// <param name="Error">Optional half-width of the error bar or band, one per x, non-negative.</param>
public sealed record LineSeries(string Name, IReadOnlyList<double> X, IReadOnlyList<double> Y, IReadOnlyList<double>? Error = null);
