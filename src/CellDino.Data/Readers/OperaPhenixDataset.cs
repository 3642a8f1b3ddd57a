using System.Globalization;
using System.Text.RegularExpressions;
using CellDino.Data.Imaging;
using CellDino.Data.Samples;

namespace CellDino.Data.Readers;

/// <summary>
/// An Opera Phenix / Harmony image export: one 16-bit TIFF per channel named <c>rRRcCCfFFpPP-chNsk1fk1fl1.tiff</c>
/// (row, column, field, plane, channel). Each (well, field, plane) is a sample with well <c>r03c03</c> → <c>C03</c>,
/// site = field; files that do not follow the naming are ignored, a field missing a channel is bad input.
/// </summary>
public sealed partial class OperaPhenixDataset : IFileDataset
{
    private readonly List<(SampleMetadata Meta, string[] Files)> _samples = new();
    private readonly IndexBuilder _index;

    /// <summary>Indexes the export in <paramref name="folder"/>.</summary>
    /// <exception cref="DataFormatException">Under fail-fast: a field missing a channel, a well missing from the plate map.</exception>
    /// <exception cref="ArgumentException">The folder has no Phenix images, or a requested channel does not exist.</exception>
    public OperaPhenixDataset(string folder, OperaPhenixOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(folder);
        Options = options ?? new OperaPhenixOptions();
        if (!Directory.Exists(folder)) throw new DataFormatException(folder, "Opera Phenix export folder not found.");
        Folder = Path.GetFullPath(folder);
        _index = new IndexBuilder(Options);

        var fields = new SortedDictionary<(int Row, int Col, int Field, int Plane), Dictionary<int, string>>();
        foreach (var file in Directory.EnumerateFiles(Folder))
        {
            var m = FileName().Match(Path.GetFileName(file));
            if (!m.Success) continue;
            int G(string name) => int.Parse(m.Groups[name].Value, CultureInfo.InvariantCulture);
            var key = (G("r"), G("c"), G("f"), G("p"));
            if (!fields.TryGetValue(key, out var channels)) fields[key] = channels = new Dictionary<int, string>();
            channels[G("ch")] = file;
        }
        if (fields.Count == 0)
            throw new ArgumentException($"{Folder} has no Opera Phenix images (rRRcCCfFFpPP-chN...tiff).", nameof(folder));

        var found = fields.Values.SelectMany(c => c.Keys).Distinct().Order().ToArray();
        int[] wanted = Options.Channels is null ? found : Options.Channels.Select(ParseChannel).ToArray();
        foreach (var ch in wanted)
            if (!found.Contains(ch))
                throw new ArgumentException($"Channel ch{ch} is not in {Folder}; the export has {string.Join(", ", found.Select(c => "ch" + c))}.", nameof(options));
        ChannelNames = Options.ChannelNames?.ToArray() ?? wanted.Select(c => "ch" + c.ToString(CultureInfo.InvariantCulture)).ToArray();
        if (ChannelNames.Count != wanted.Length)
            throw new ArgumentException($"{ChannelNames.Count} channel names for {wanted.Length} channels.", nameof(options));

        string plate = Options.Plate ?? Path.GetFileName(Folder);
        var plateMap = Options.PlateMap is null ? null : new PlateMap(Options.PlateMap);
        foreach (var ((row, col, field, plane), channels) in fields)
        {
            _index.Try(() =>
            {
                string stem = string.Create(CultureInfo.InvariantCulture, $"r{row:00}c{col:00}f{field:00}p{plane:00}");
                var files = wanted.Select(ch => channels.TryGetValue(ch, out var f) ? f
                    : throw new DataFormatException(Path.Combine(Folder, $"{stem}-ch{ch}sk1fk1fl1.tiff"), $"missing channel ch{ch} of field {stem}.")).ToArray();
                _index.Verify(files, expectedChannelsEach: 1);
                string well = WellName.Canonical(string.Create(CultureInfo.InvariantCulture, $"{(char)('A' + row - 1)}{col:00}"));
                var meta = new SampleMetadata
                {
                    Id = string.Create(CultureInfo.InvariantCulture, $"{plate}_{well}_{field}{(plane == 1 ? "" : $"_p{plane}")}"),
                    Plate = plate, Well = well, Site = field,
                    // CellProfiler's name for each channel's file, so object tables can refer to the field by it.
                    Extra = Enumerable.Range(0, files.Length).ToDictionary(i => "FileName_" + ChannelNames[i], i => Path.GetFileName(files[i]), StringComparer.OrdinalIgnoreCase),
                };
                if (plateMap is not null) meta = plateMap.Join(meta, plate, well, (msg, inner) => new DataFormatException(files[0], msg, null, inner));
                _samples.Add((meta, files));
            });
        }
    }

    /// <summary>The options in use.</summary>
    public OperaPhenixOptions Options { get; }

    /// <summary>The export folder (absolute).</summary>
    public string Folder { get; }

    /// <inheritdoc />
    public int Count => _samples.Count;

    /// <inheritdoc />
    public IReadOnlyList<string> ChannelNames { get; }

    /// <inheritdoc />
    public IReadOnlyList<string> ClassNames => Array.Empty<string>();

    /// <inheritdoc />
    public BadInputPolicy Policy => _index.Policy;

    /// <inheritdoc />
    public IReadOnlyList<DatasetProblem> Problems => _index.Problems;

    /// <inheritdoc />
    public SampleMetadata GetMetadata(int index) => _samples[index].Meta;

    /// <inheritdoc />
    public Sample Get(int index)
    {
        var (meta, files) = _samples[index];
        return new Sample(ImageIO.ReadChannels(files).ToMicroscopyImage(ChannelNames), meta);
    }

    private static int ParseChannel(string text)
    {
        var t = text.Trim();
        if (t.StartsWith("ch", StringComparison.OrdinalIgnoreCase)) t = t[2..];
        return int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out int ch) && ch > 0
            ? ch : throw new ArgumentException($"Opera Phenix channel '{text}' is not chN or N.", nameof(text));
    }

    [GeneratedRegex(@"^r(?<r>\d{2})c(?<c>\d{2})f(?<f>\d{2})p(?<p>\d{2})-ch(?<ch>\d+)[^.]*\.tiff?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex FileName();
}
