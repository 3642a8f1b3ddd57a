namespace CellDino.Eval.Embedding;

/// <summary>Progress of an embedding run.</summary>
/// <param name="Done">Images embedded so far (in this run's range).</param>
/// <param name="Total">Images in this run's range.</param>
/// <param name="ImagesPerSecond">Throughput since the run started.</param>
public sealed record EmbeddingProgress(long Done, long Total, double ImagesPerSecond);
