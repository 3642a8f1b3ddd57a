namespace CellDino.Eval.Embedding;

/// <summary>What an embedding run did.</summary>
/// <param name="ShardsWritten">Shards embedded and written by this run.</param>
/// <param name="ShardsSkipped">Shards of this job already complete on disk (resumed).</param>
/// <param name="RowsWritten">Rows embedded by this run.</param>
public sealed record EmbeddingRunResult(int ShardsWritten, int ShardsSkipped, long RowsWritten);
