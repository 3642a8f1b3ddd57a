using CellDino.Data.Csv;
using CellDino.Data.Imaging;
using CellDino.Data.Samples;

namespace CellDino.Data.Readers;

/// <summary>
/// The official Cell-DINO PNG formats, listed by a CSV: one multi-channel (RGBA) PNG per field of
/// view or cell, or one grayscale strip per cell with the channels tiled side by side (each H×H,
/// as Cell-DINO's <c>XChannelsDecoder</c> un-tiles them). Other CSV columns go to
/// <see cref="SampleMetadata.Extra"/>.
/// </summary>
public sealed class CellDinoPngDataset : IFileDataset
{
    private readonly List<(SampleMetadata Meta, string File)> _samples = new();
    private readonly IndexBuilder _index;

    /// <summary>Indexes the images listed in <paramref name="csvPath"/>.</summary>
    /// <exception cref="DataFormatException">Under fail-fast: a malformed row, an out-of-range label, a missing file.</exception>
    public CellDinoPngDataset(string csvPath, CellDinoPngOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(csvPath);
        Options = options ?? new CellDinoPngOptions();
        if (Options.ChannelNames.Count == 0) throw new ArgumentException("At least one channel name is needed.", nameof(options));
        if (Options.LabelsColumn is not null && Options.ClassNames.Count == 0)
            throw new ArgumentException("Labels need ClassNames (the names the indices refer to).", nameof(options));
        _index = new IndexBuilder(Options);
        ChannelNames = Options.ChannelNames.ToArray();
        ClassNames = Options.LabelsColumn is null ? Array.Empty<string>() : Options.ClassNames.ToArray();
        var table = CsvTable.Read(csvPath, _index.Report).RequireRows("one row per image file");
        table.RequireColumn(Options.FileColumn);
        if (Options.IdColumn is not null) table.RequireColumn(Options.IdColumn);
        if (Options.LabelsColumn is not null) table.RequireColumn(Options.LabelsColumn);
        if (Options.CellLineColumn is not null) table.RequireColumn(Options.CellLineColumn);
        string root = Options.ImageRoot is null ? PathResolver.BaseOf(csvPath) : Path.GetFullPath(Options.ImageRoot);
        var known = new HashSet<string>(new[] { Options.FileColumn, Options.IdColumn, Options.LabelsColumn, Options.CellLineColumn }.OfType<string>(), StringComparer.OrdinalIgnoreCase);

        foreach (var row in table.Rows)
        {
            _index.Try(() =>
            {
                var rel = row[Options.FileColumn].Trim();
                if (rel.Length == 0) throw row.Error($"empty '{Options.FileColumn}'.");
                var file = PathResolver.Resolve(root, rel);
                var labels = Options.LabelsColumn is null ? Array.Empty<int>() : LabelParser.Parse(row, Options.LabelsColumn, ClassNames.Count);
                if (!File.Exists(file)) throw new DataFormatException(file, $"image file not found (listed in {csvPath}, row {row.RowNumber}).");
                if (_index.VerifyImages) VerifyShape(ImageIO.Verify(file), file);
                var extra = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                for (int i = 0; i < table.Header.Count; i++)
                    if (!known.Contains(table.Header[i])) extra[table.Header[i]] = row[i];
                var id = Options.IdColumn is null ? Path.GetFileNameWithoutExtension(file) : row[Options.IdColumn];
                _index.ClaimId(id, row);
                var meta = new SampleMetadata
                {
                    Id = id,
                    Labels = labels,
                    CellLine = Options.CellLineColumn is null ? null : row[Options.CellLineColumn],
                    Extra = extra,
                };
                _samples.Add((meta, file));
            });
        }
    }

    /// <summary>The options in use.</summary>
    public CellDinoPngOptions Options { get; }

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

    /// <summary>The image file of sample <paramref name="index"/>.</summary>
    public string FileOf(int index) => _samples[index].File;

    /// <inheritdoc />
    /// <exception cref="DataFormatException">The file is corrupt, or its channels or strip width do not match the options.</exception>
    public Sample Get(int index)
    {
        var (meta, file) = _samples[index];
        var img = ImageIO.Read(file);
        VerifyShape(new ImageFileInfo("png", img.Width, img.Height, img.Channels, img.BitDepth), file);
        if (Options.Layout == CellDinoPngLayout.MultiChannel) return new Sample(img.ToMicroscopyImage(ChannelNames), meta);
        return new Sample(Untile(img, ChannelNames), meta);
    }

    private void VerifyShape(ImageFileInfo info, string file)
    {
        int c = ChannelNames.Count;
        if (Options.Layout == CellDinoPngLayout.MultiChannel)
        {
            if (info.Channels != c) throw new DataFormatException(file, $"expected {c} channels ({string.Join(", ", ChannelNames)}), the file has {info.Channels}.");
            return;
        }
        if (info.Channels != 1) throw new DataFormatException(file, $"expected a grayscale channel strip, the file has {info.Channels} channels.");
        if (info.Width != c * info.Height)
            throw new DataFormatException(file, $"strip is {info.Width}x{info.Height}; expected {c} square tiles side by side, i.e. width {c}×{info.Height} = {c * info.Height}.");
    }

    /// <summary>Splits a grayscale strip <c>[ch0 | ch1 | …]</c> of H×(C·H) into C planes of H×H.</summary>
    internal static MicroscopyImage Untile(PlaneImage strip, IReadOnlyList<string> channelNames)
    {
        int c = channelNames.Count, h = strip.Height, w = strip.Width / c;
        var pixels = new float[c * h * w];
        var src = strip.Pixels.AsSpan();
        for (int ch = 0; ch < c; ch++)
            for (int y = 0; y < h; y++)
                src.Slice(y * strip.Width + ch * w, w).CopyTo(pixels.AsSpan(ch * h * w + y * w, w));
        return new MicroscopyImage(channelNames, h, w, pixels, strip.BitDepth);
    }
}
