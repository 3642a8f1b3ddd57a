namespace CellDino.Eval.Protocols;

/// <summary>Leave-one-out retrieval precision of an embedding set (<see cref="Retrieval.PrecisionAtK"/>).</summary>
/// <param name="Task">The task whose labels count as a match.</param>
/// <param name="K">Neighbours retrieved per query.</param>
/// <param name="Precision">Mean over queries of the share of their k neighbours that share a label with them, in [0, 1].</param>
/// <param name="Queries">Number of queries (the set's size).</param>
public sealed record RetrievalScore(string Task, int K, double Precision, int Queries);
