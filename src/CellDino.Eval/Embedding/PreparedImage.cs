namespace CellDino.Eval.Embedding;

/// <summary>A normalized, cropped image ready to batch.</summary>
internal readonly record struct PreparedImage(float[] Pixels, int Channels, int Height, int Width);
