using CellDino.Data.Csv;
using CellDino.Data.Imaging;
using CellDino.Data.Samples;

namespace CellDino.Data.Readers;

/// <summary>
/// A folder of (multi-page) TIFF files, one image per file, pages as channels; samples in ordinal
/// file-name order, or in the row order of an optional labels CSV.
/// </summary>
public sealed class TiffFolderDataset : IFileDataset
{
    private static readonly string[] Extensions = [".tif", ".tiff"];
    private readonly List<(SampleMetadata Meta, string File)> _samples = new();
    private readonly IndexBuilder _index;

    /// <summary>Indexes <paramref name="folder"/>.</summary>
    /// <exception cref="DataFormatException">Under fail-fast: a missing file, malformed row or out-of-range label.</exception>
    public TiffFolderDataset(string folder, TiffFolderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(folder);
        Options = options ?? new TiffFolderOptions();
        if (Options.LabelsCsv is not null && Options.ClassNames.Count == 0)
            throw new ArgumentException("A labels CSV needs ClassNames.", nameof(options));
        if (!Directory.Exists(folder)) throw new DataFormatException(folder, "TIFF folder not found.");
        Folder = Path.GetFullPath(folder);
        _index = new IndexBuilder(Options);
        ClassNames = Options.LabelsCsv is null ? Array.Empty<string>() : Options.ClassNames.ToArray();

        if (Options.LabelsCsv is null)
        {
            var files = Directory.EnumerateFiles(Folder).Where(f => Extensions.Contains(Path.GetExtension(f).ToLowerInvariant())).Order(StringComparer.Ordinal);
            foreach (var f in files) _index.Try(() => Add(f, Array.Empty<int>()));
        }
        else
        {
            var table = CsvTable.Read(Options.LabelsCsv, _index.Report).RequireRows($"one row per image ({Options.IdColumn},{Options.LabelsColumn})");
            table.RequireColumn(Options.IdColumn);
            table.RequireColumn(Options.LabelsColumn);
            foreach (var row in table.Rows)
            {
                _index.Try(() =>
                {
                    var id = row[Options.IdColumn].Trim();
                    _index.ClaimId(id, row);
                    var labels = LabelParser.Parse(row, Options.LabelsColumn, ClassNames.Count);
                    var stem = Path.Combine(Folder, id);
                    var file = (Extensions.Contains(Path.GetExtension(id).ToLowerInvariant()) && File.Exists(stem) ? stem : null)
                               ?? PathResolver.FirstExisting(stem, Extensions)
                               ?? throw new DataFormatException(stem + ".tif", $"TIFF for id '{id}' not found (listed in {Options.LabelsCsv}, row {row.RowNumber}).", row.RowNumber);
                    Add(file, labels);
                });
            }
        }

        ChannelNames = Options.ChannelNames?.ToArray()
                       ?? (_samples.Count == 0 ? Array.Empty<string>() : Enumerable.Range(0, ImageIO.Identify(_samples[0].File).Channels).Select(i => $"ch{i}").ToArray());
    }

    /// <summary>The options in use.</summary>
    public TiffFolderOptions Options { get; }

    /// <summary>The folder (full path).</summary>
    public string Folder { get; }

    /// <inheritdoc />
    public int Count => _samples.Count;

    /// <inheritdoc />
    public IReadOnlyList<string> ChannelNames { get; }

    /// <inheritdoc />
    public IReadOnlyList<string> ClassNames { get; }

    /// <inheritdoc />
    public BadInputPolicy Policy => _index.Policy;

    /// <inheritdoc />
    public IReadOnlyList<DatasetProblem> Problems => _index.Problems;

    /// <inheritdoc />
    public SampleMetadata GetMetadata(int index) => _samples[index].Meta;

    /// <summary>The TIFF file of sample <paramref name="index"/>.</summary>
    public string FileOf(int index) => _samples[index].File;

    /// <inheritdoc />
    /// <exception cref="DataFormatException">The file is corrupt, unsupported, or has a different page count than the channel names.</exception>
    public Sample Get(int index)
    {
        var (meta, file) = _samples[index];
        return new Sample(ImageIO.Read(file, ChannelNames.Count).ToMicroscopyImage(ChannelNames), meta);
    }

    private void Add(string file, int[] labels)
    {
        if (_index.VerifyImages)
        {
            var info = ImageIO.Verify(file);
            if (Options.ChannelNames is { } names && info.Channels != names.Count)
                throw new DataFormatException(file, $"expected {names.Count} pages (channels), the file has {info.Channels}.");
        }
        _samples.Add((new SampleMetadata { Id = Path.GetFileNameWithoutExtension(file), Labels = labels }, file));
    }
}
