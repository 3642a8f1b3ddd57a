using CellDino.Data.Csv;
using CellDino.Data.Imaging;
using CellDino.Data.Samples;

namespace CellDino.Data.Readers;

/// <summary>
/// The Kaggle HPA layout: a folder of <c>{Id}_red|_green|_blue|_yellow.png</c> (or 16-bit
/// <c>.tif</c>/<c>.png</c> variants) and a <c>train.csv</c> with <c>Id,Target</c> (space-separated
/// indices into <see cref="HpaClasses.Names"/>). Output channels follow Cell-DINO's RGBA order:
/// microtubules (red), protein (green), nucleus (blue), er (yellow). Lazy: the index holds ids,
/// labels and file paths; pixels are decoded in <see cref="Get"/>.
/// </summary>
public sealed class HpaKaggleDataset : IFileDataset
{
    private readonly List<(SampleMetadata Meta, string[] Files)> _samples = new();
    private readonly IndexBuilder _index;

    /// <summary>Indexes <paramref name="imageFolder"/>.</summary>
    /// <param name="imageFolder">Folder with the per-channel files.</param>
    /// <param name="labelsCsv">The <c>Id,Target</c> table; null to take every id whose first-colour file exists, unlabeled.</param>
    /// <param name="options">Colours, extensions, columns, bad-input policy.</param>
    /// <exception cref="DataFormatException">Under fail-fast: a malformed row, an out-of-range label, a missing channel file.</exception>
    public HpaKaggleDataset(string imageFolder, string? labelsCsv = null, HpaKaggleOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(imageFolder);
        Options = options ?? new HpaKaggleOptions();
        if (Options.Colors.Count == 0) throw new ArgumentException("At least one colour is needed.", nameof(options));
        if (!Directory.Exists(imageFolder)) throw new DataFormatException(imageFolder, "image folder not found.");
        _index = new IndexBuilder(Options);
        ImageFolder = Path.GetFullPath(imageFolder);
        ChannelNames = Options.Colors.Select(HpaClasses.ChannelOf).ToArray();
        ClassNames = labelsCsv is null ? Array.Empty<string>() : Options.ClassNames;

        if (labelsCsv is null)
        {
            string suffix = "_" + Options.Colors[0];
            var ids = Directory.EnumerateFiles(ImageFolder)
                .Select(f => (Name: Path.GetFileNameWithoutExtension(f), Ext: Path.GetExtension(f).ToLowerInvariant()))
                .Where(t => Options.Extensions.Contains(t.Ext) && t.Name.EndsWith(suffix, StringComparison.Ordinal))
                .Select(t => t.Name[..^suffix.Length]).Distinct().Order(StringComparer.Ordinal);
            foreach (var id in ids) _index.Try(() => Add(id, Array.Empty<int>(), null));
        }
        else
        {
            var table = CsvTable.Read(labelsCsv, _index.Report).RequireRows($"one row per image ({Options.IdColumn},{Options.TargetColumn})");
            table.RequireColumn(Options.IdColumn);
            table.RequireColumn(Options.TargetColumn);
            foreach (var row in table.Rows)
            {
                _index.Try(() =>
                {
                    var id = row[Options.IdColumn].Trim();
                    if (id.Length == 0) throw row.Error($"empty '{Options.IdColumn}'.");
                    _index.ClaimId(id, row);
                    Add(id, LabelParser.Parse(row, Options.TargetColumn, ClassNames.Count), row);
                });
            }
        }
        JoinMetadata(labelsCsv);
    }

    /// <summary>Adds cell line and plate layout from the metadata CSV (explicit, or <c>metadata.csv</c> beside the labels).</summary>
    private void JoinMetadata(string? labelsCsv)
    {
        var path = Options.MetadataCsv ?? (labelsCsv is null ? null : Path.Combine(Path.GetDirectoryName(Path.GetFullPath(labelsCsv))!, "metadata.csv"));
        if (path is null || (Options.MetadataCsv is null && !File.Exists(path))) return;
        if (!File.Exists(path)) throw new DataFormatException(path, "metadata CSV not found.");
        var table = CsvTable.Read(path, _index.Report);
        table.RequireColumn(Options.IdColumn);
        var byId = new Dictionary<string, CsvRow>(StringComparer.Ordinal);
        foreach (var row in table.Rows)
            if (!byId.TryAdd(row[Options.IdColumn].Trim(), row))
                _index.Report(row.Error($"sample id '{row[Options.IdColumn].Trim()}' appears twice in the metadata; ids must be unique."));
        string? Text(CsvRow row, string column) => table.HasColumn(column) && row[column].Trim() is { Length: > 0 } v ? v : null;
        for (int i = 0; i < _samples.Count; i++)
        {
            var (meta, files) = _samples[i];
            if (!byId.TryGetValue(meta.Id, out var row)) continue;
            int? site = null;
            if (Text(row, "Site") is { } s)
                site = int.TryParse(s, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n
                    : throw row.Error($"'Site' must be an integer, got '{s}'.");
            _samples[i] = (meta with { CellLine = Text(row, "CellLine") ?? meta.CellLine, Plate = Text(row, "Plate") ?? meta.Plate, Well = Text(row, "Well") ?? meta.Well, Site = site ?? meta.Site }, files);
        }
    }

    /// <summary>The options in use.</summary>
    public HpaKaggleOptions Options { get; }

    /// <summary>The image folder (full path).</summary>
    public string ImageFolder { get; }

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

    /// <summary>The channel files of sample <paramref name="index"/>, in channel order.</summary>
    public IReadOnlyList<string> FilesOf(int index) => _samples[index].Files;

    /// <inheritdoc />
    public SampleMetadata GetMetadata(int index) => _samples[index].Meta;

    /// <inheritdoc />
    /// <exception cref="DataFormatException">A channel file is corrupt, unsupported, or differs in size or bit depth from the others.</exception>
    public Sample Get(int index)
    {
        var (meta, files) = _samples[index];
        return new Sample(ImageIO.ReadChannels(files).ToMicroscopyImage(ChannelNames), meta);
    }

    private void Add(string id, int[] labels, CsvRow? row)
    {
        var files = new string[Options.Colors.Count];
        for (int c = 0; c < files.Length; c++)
        {
            var stem = Path.Combine(ImageFolder, $"{id}_{Options.Colors[c]}");
            files[c] = PathResolver.FirstExisting(stem, Options.Extensions)
                ?? throw new DataFormatException(stem + Options.Extensions[0],
                    $"missing channel file for '{Options.Colors[c]}' of id '{id}'; expected {Path.GetFileName(stem)}{{{string.Join("|", Options.Extensions)}}}.", row?.RowNumber);
        }
        _index.Verify(files, expectedChannelsEach: 1);
        _samples.Add((new SampleMetadata { Id = id, Labels = labels }, files));
    }
}
