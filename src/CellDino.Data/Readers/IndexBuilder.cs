using CellDino.Data.Imaging;

namespace CellDino.Data.Readers;

/// <summary>Applies a <see cref="BadInputPolicy"/> while a reader builds its index.</summary>
internal sealed class IndexBuilder(DatasetReaderOptions options)
{
    private readonly List<DatasetProblem> _problems = new();
    private readonly Dictionary<string, int> _idRows = new(StringComparer.Ordinal);

    public BadInputPolicy Policy => options.BadInput;

    public bool VerifyImages => options.VerifyImages;

    public IReadOnlyList<DatasetProblem> Problems => _problems;

    /// <summary>Runs one sample's indexing; under skip, records a <see cref="DataFormatException"/> and returns false.</summary>
    public bool Try(Action index)
    {
        try
        {
            index();
            return true;
        }
        catch (DataFormatException e) when (Policy == BadInputPolicy.SkipAndReport)
        {
            _problems.Add(DatasetProblem.From(e));
            return false;
        }
    }

    /// <summary>
    /// Claims a sample id for the table row that defines it: a second row with the same id is an error naming both rows
    /// (under skip, the later row is skipped and reported), so no image is embedded or counted twice.
    /// </summary>
    public void ClaimId(string id, Csv.CsvRow row)
    {
        if (_idRows.TryGetValue(id, out var first))
            throw row.Error($"sample id '{id}' appears twice, in rows {first} and {row.RowNumber}; ids must be unique.");
        _idRows[id] = row.RowNumber;
    }

    /// <summary>Records a problem directly (or throws under fail-fast).</summary>
    public void Report(DataFormatException e)
    {
        if (Policy == BadInputPolicy.FailFast) throw e;
        _problems.Add(DatasetProblem.From(e));
    }

    /// <summary>When verification is on, decodes each file (<see cref="ImageIO.Verify"/>) and checks they agree in size and bit depth.</summary>
    public void Verify(IReadOnlyList<string> files, int? expectedChannelsEach = null)
    {
        if (!VerifyImages) return;
        ImageFileInfo? first = null;
        foreach (var f in files)
        {
            var info = ImageIO.Verify(f);
            if (expectedChannelsEach is { } c && info.Channels != c)
                throw new DataFormatException(f, $"expected {c} channel(s), the file has {info.Channels}.");
            if (first is not null && (info.Width != first.Width || info.Height != first.Height))
                throw new DataFormatException(f, $"channel size mismatch: {info.Width}x{info.Height}, expected {first.Width}x{first.Height} like {files[0]}.");
            if (first is not null && info.BitDepth != first.BitDepth)
                throw new DataFormatException(f, $"bit depth mismatch: {info.BitDepth}-bit, expected {first.BitDepth}-bit like {files[0]}.");
            first ??= info;
        }
    }
}
