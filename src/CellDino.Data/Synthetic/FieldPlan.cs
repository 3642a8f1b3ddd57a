using CellDino.Data.Samples;

namespace CellDino.Data.Synthetic;

/// <summary>All decisions about one field, made before any pixel is painted.</summary>
internal sealed record FieldPlan(
    SampleMetadata Metadata,
    SyntheticCellLine CellLine,
    SyntheticTreatment Treatment,
    int[] Labels,
    float[] LabelWeights,
    SyntheticBatchEffect BatchEffect,
    CellPlan[] Cells,
    ulong NoiseSeed);
