namespace CellDino.Core.Training;

/// <summary>A parameter group as a contiguous range of the flat buffer.</summary>
internal readonly record struct FlatSegment(long Start, long Length, double LrMultiplier, double WdMultiplier, bool IsLastLayer);
