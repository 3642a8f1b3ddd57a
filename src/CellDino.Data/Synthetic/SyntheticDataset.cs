using CellDino.Data.Samples;

namespace CellDino.Data.Synthetic;

/// <summary>
/// A synthetic <see cref="IMicroscopyDataset"/>: sample <c>i</c> is painted on demand from (seed, i),
/// so access is random, thread-safe and nothing is cached. With
/// <see cref="SyntheticConfig.SingleCellCropSize"/> set, samples are single-cell crops, enumerated
/// field by field and cell by cell.
/// </summary>
public sealed class SyntheticDataset : IMicroscopyDataset
{
    // Single-cell mode only: first sample index of each field (prefix sums of cell counts).
    private readonly int[]? _fieldStart;

    /// <summary>Creates a dataset of <paramref name="count"/> samples (fields, or crops in single-cell mode).</summary>
    public SyntheticDataset(SyntheticConfig config, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        Generator = new SyntheticCellGenerator(config);
        Count = count;
        if (config.SingleCellCropSize is not null)
        {
            var starts = new List<int>();
            int total = 0;
            for (int f = 0; total < count; f++)
            {
                starts.Add(total);
                total += Generator.CellCount(f);
            }
            _fieldStart = starts.ToArray();
        }
    }

    /// <summary>The generator that paints the samples.</summary>
    internal SyntheticCellGenerator Generator { get; }

    /// <inheritdoc />
    public int Count { get; }

    /// <inheritdoc />
    public IReadOnlyList<string> ChannelNames => Generator.ChannelNames;

    /// <inheritdoc />
    public IReadOnlyList<string> ClassNames => Generator.ClassNames;

    /// <summary>Field and cell id of sample <paramref name="index"/> (cell id 0 in field mode).</summary>
    public (int Field, int CellId) Locate(int index)
    {
        if ((uint)index >= (uint)Count)
            throw new ArgumentOutOfRangeException(nameof(index), $"Sample index must be in 0..{Count - 1}, got {index}.");
        if (_fieldStart is null) return (index, 0);
        int f = Array.BinarySearch(_fieldStart, index);
        if (f < 0) f = ~f - 1;
        return (f, index - _fieldStart[f] + 1);
    }

    /// <summary>The whole painted field (with masks) that sample <paramref name="index"/> is, or was cropped from.</summary>
    internal SyntheticField GetField(int index) => Generator.Generate(Locate(index).Field);

    /// <inheritdoc />
    public SampleMetadata GetMetadata(int index)
    {
        var (field, cell) = Locate(index);
        var meta = Generator.Describe(field);
        return cell == 0 ? meta : meta with { Id = $"{meta.Id}_c{cell}", ImageId = meta.Id, CellId = cell };
    }

    /// <inheritdoc />
    public Sample Get(int index)
    {
        var (field, cell) = Locate(index);
        var painted = Generator.Generate(field);
        return cell == 0
            ? painted.ToSample()
            : SingleCellCropper.Crop(painted, cell, Generator.Config.SingleCellCropSize!.Value, Generator.Config.MaskOtherCells);
    }
}
