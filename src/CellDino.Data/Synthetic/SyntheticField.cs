using CellDino.Data.Samples;

namespace CellDino.Data.Synthetic;

/// <summary>A painted field of view with its ground truth.</summary>
/// <param name="Image">Channels in the kind's order, 16-bit counts (0..65535, integral values).</param>
/// <param name="CellMask">Instance mask, row-major <c>Height·Width</c>: 0 background, else <see cref="SyntheticCell.Id"/>.</param>
/// <param name="NucleusMask">Nucleus instance mask: the owning cell's id inside its nucleus, else 0.</param>
/// <param name="Cells">The cells, ordered by id.</param>
/// <param name="Metadata">Labels, cell line, plate layout and treatment.</param>
/// <param name="BatchEffect">The technical effects applied.</param>
internal sealed record SyntheticField(
    MicroscopyImage Image,
    int[] CellMask,
    int[] NucleusMask,
    IReadOnlyList<SyntheticCell> Cells,
    SampleMetadata Metadata,
    SyntheticBatchEffect BatchEffect)
{
    /// <summary>The field as a <see cref="Sample"/>.</summary>
    public Sample ToSample() => new(Image, Metadata);
}
