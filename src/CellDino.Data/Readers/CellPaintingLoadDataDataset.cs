using System.Globalization;
using CellDino.Data.Csv;
using CellDino.Data.Imaging;
using CellDino.Data.Samples;

namespace CellDino.Data.Readers;

/// <summary>
/// Cell Painting fields of view listed in a CellProfiler LoadData CSV: one (16-bit) TIFF per channel
/// (<c>FileName_Orig{DNA,ER,RNA,AGP,Mito}</c> + <c>PathName_Orig*</c>), plate/well/site metadata,
/// optionally joined with a plate map and compound table for treatment, control flag and MoA.
/// Channels come out in <see cref="CellPaintingLoadDataOptions.Channels"/> order (Cell-DINO: DNA, RNA, ER, AGP, Mito).
/// </summary>
public sealed class CellPaintingLoadDataDataset : IFileDataset
{
    private readonly List<(SampleMetadata Meta, string[] Files)> _samples = new();
    private readonly IndexBuilder _index;

    /// <summary>Indexes <paramref name="loadDataCsv"/>.</summary>
    /// <exception cref="DataFormatException">Under fail-fast: a malformed row, a missing channel file or column, a well missing from the plate map.</exception>
    public CellPaintingLoadDataDataset(string loadDataCsv, CellPaintingLoadDataOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(loadDataCsv);
        Options = options ?? new CellPaintingLoadDataOptions();
        if (Options.Channels.Count == 0) throw new ArgumentException("At least one channel is needed.", nameof(options));
        _index = new IndexBuilder(Options);
        ChannelNames = Options.Channels.ToArray();
        var table = CsvTable.Read(loadDataCsv, _index.Report).RequireRows("one row per site with its FileName_/PathName_ columns");
        var fileCols = Options.Channels.Select(c => table.RequireColumn(Options.FileNamePrefix + c)).ToArray();
        var pathCols = Options.Channels.Select(c => table.IndexOf(Options.PathNamePrefix + c)).ToArray();
        var plateMap = Options.PlateMap is null ? null : new PlateMap(Options.PlateMap);
        if (plateMap is not null) table.RequireColumn(Options.WellColumn);
        string baseDir = PathResolver.BaseOf(loadDataCsv);
        // Columns read into fields are not repeated among the extras.
        var fieldCols = new[] { Options.PlateColumn, Options.WellColumn, Options.SiteColumn, Options.CellLineColumn }.Select(table.IndexOf);
        var consumed = new HashSet<int>(fileCols.Concat(pathCols).Concat(fieldCols).Where(i => i >= 0));

        foreach (var row in table.Rows)
        {
            _index.Try(() =>
            {
                var files = new string[fileCols.Length];
                for (int c = 0; c < files.Length; c++)
                {
                    var name = row[fileCols[c]].Trim();
                    if (name.Length == 0) throw row.Error($"empty '{Options.FileNamePrefix}{Options.Channels[c]}'.");
                    var dir = pathCols[c] >= 0 && row[pathCols[c]].Trim() is { Length: > 0 } p ? PathResolver.Resolve(baseDir, p) : baseDir;
                    files[c] = PathResolver.Resolve(dir, name);
                    if (!File.Exists(files[c]))
                        throw new DataFormatException(files[c], $"missing {Options.Channels[c]} channel file (listed in {loadDataCsv}, row {row.RowNumber}).", row.RowNumber);
                }
                var meta = Describe(row, table, consumed, plateMap);
                // Two rows of one plate/well/site would embed one site twice under one id.
                _index.ClaimId(meta.Id, row);
                _index.Verify(files, expectedChannelsEach: 1);
                _samples.Add((meta, files));
            });
        }

        var moas = _samples.Select(s => s.Meta.MechanismOfAction).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        ClassNames = Options.LabelsFromMoa ? moas : Array.Empty<string>();
        if (ClassNames.Count > 0)
        {
            for (int i = 0; i < _samples.Count; i++)
            {
                var m = _samples[i].Meta;
                if (m.MechanismOfAction is { } moa && !m.IsControl)
                    _samples[i] = (m with { Labels = [Array.IndexOf(moas, moa)] }, _samples[i].Files);
            }
        }
    }

    /// <summary>The options in use.</summary>
    public CellPaintingLoadDataOptions Options { get; }

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

    /// <summary>The channel files of sample <paramref name="index"/>, in channel order.</summary>
    public IReadOnlyList<string> FilesOf(int index) => _samples[index].Files;

    /// <inheritdoc />
    /// <exception cref="DataFormatException">A channel file is corrupt, unsupported or differs in size or bit depth from the others.</exception>
    public Sample Get(int index)
    {
        var (meta, files) = _samples[index];
        return new Sample(ImageIO.ReadChannels(files).ToMicroscopyImage(ChannelNames), meta);
    }

    private SampleMetadata Describe(CsvRow row, CsvTable table, HashSet<int> consumed, PlateMap? plateMap)
    {
        string? plate = row.GetOrNull(Options.PlateColumn)?.Trim();
        string? well = row.GetOrNull(Options.WellColumn)?.Trim();
        int? site = null;
        if (row.GetOrNull(Options.SiteColumn) is { Length: > 0 } s)
            site = int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) ? v : throw row.Error($"'{Options.SiteColumn}' must be an integer, got '{s}'.");
        var extra = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (int i = 0; i < table.Header.Count; i++)
            if (!consumed.Contains(i)) extra[table.Header[i]] = row[i];
        var meta = new SampleMetadata
        {
            Id = plate is null && well is null ? $"row{row.RowNumber}" : $"{plate}_{(well is null ? "" : WellName.Canonical(well))}_{site}",
            Plate = plate,
            Well = well is null ? null : WellName.Canonical(well),
            Site = site,
            CellLine = row.GetOrNull(Options.CellLineColumn)?.Trim() is { Length: > 0 } line ? line : null,
            Extra = extra,
        };
        return plateMap is null ? meta : plateMap.Join(meta, plate, well!, row.Error);
    }
}
