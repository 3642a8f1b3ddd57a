namespace CellDino.Data.Samples;

/// <summary>A view of some samples of another dataset, in the given order (train/validation/test splits without copies).</summary>
public sealed class DatasetSubset : IMicroscopyDataset
{
    private readonly IMicroscopyDataset _source;
    private readonly int[] _indices;

    /// <summary>Wraps <paramref name="indices"/> of <paramref name="source"/>.</summary>
    public DatasetSubset(IMicroscopyDataset source, IReadOnlyList<int> indices)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(indices);
        foreach (var i in indices)
            if ((uint)i >= (uint)source.Count) throw new ArgumentOutOfRangeException(nameof(indices), $"Index {i} is outside the dataset's 0..{source.Count - 1}.");
        _source = source;
        _indices = indices.ToArray();
    }

    /// <summary>Samples <c>[start, start + count)</c> of <paramref name="source"/>.</summary>
    public static DatasetSubset Range(IMicroscopyDataset source, int start, int count) => new(source, Enumerable.Range(start, count).ToArray());

    /// <inheritdoc />
    public int Count => _indices.Length;

    /// <inheritdoc />
    public IReadOnlyList<string> ChannelNames => _source.ChannelNames;

    /// <inheritdoc />
    public IReadOnlyList<string> ClassNames => _source.ClassNames;

    /// <inheritdoc />
    public SampleMetadata GetMetadata(int index) => _source.GetMetadata(_indices[index]);

    /// <inheritdoc />
    public Sample Get(int index) => _source.Get(_indices[index]);
}
