namespace CellDino.Data.Samples;

/// <summary>One decoded image with its metadata.</summary>
/// <param name="Image">The pixel data.</param>
/// <param name="Metadata">What is known about it.</param>
public sealed record Sample(MicroscopyImage Image, SampleMetadata Metadata);
