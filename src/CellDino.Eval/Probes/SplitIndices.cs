namespace CellDino.Eval.Probes;

/// <summary>Row indices of a train / validation / test split, each sorted ascending; together they cover every row once.</summary>
/// <param name="Train">Training rows.</param>
/// <param name="Validation">Validation rows.</param>
/// <param name="Test">Test rows.</param>
public sealed record SplitIndices(int[] Train, int[] Validation, int[] Test);
