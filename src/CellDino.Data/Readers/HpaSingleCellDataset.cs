using System.Globalization;
using CellDino.Data.Csv;
using CellDino.Data.Imaging;
using CellDino.Data.Samples;

namespace CellDino.Data.Readers;

/// <summary>
/// Single-cell crops cut from the fields of view of any <see cref="IMicroscopyDataset"/>: one
/// sample per cell of an instance mask (8/16-bit label image, 0 = background) or per row of a
/// bounding-box CSV. Each crop is <see cref="SingleCellOptions.CropSize"/> square around the cell's
/// bounding-box centre, zero-padded at borders, optionally masked; labels come from the image or a
/// per-cell CSV. Masks are read while indexing (cell positions); fields of view only in <see cref="Get"/>.
/// </summary>
public sealed class HpaSingleCellDataset : IFileDataset
{
    private readonly IMicroscopyDataset _fovs;
    private readonly List<Cell> _cells = new();
    private readonly IndexBuilder _index;
    private FovCache? _cache;

    private HpaSingleCellDataset(IMicroscopyDataset fovs, SingleCellOptions options)
    {
        ArgumentNullException.ThrowIfNull(fovs);
        if (options.CropSize <= 0) throw new ArgumentOutOfRangeException(nameof(options), $"CropSize must be positive, got {options.CropSize}.");
        _fovs = fovs;
        Options = options;
        _index = new IndexBuilder(options);
        ClassNames = (options.ClassNames ?? fovs.ClassNames).ToArray();
    }

    /// <summary>Cells from instance masks: <paramref name="maskPathOf"/> gives each field's mask file.</summary>
    /// <exception cref="DataFormatException">Under fail-fast: a missing, corrupt or multi-channel mask, or a bad per-cell labels row.</exception>
    public static HpaSingleCellDataset FromMasks(IMicroscopyDataset fovs, Func<SampleMetadata, string> maskPathOf, SingleCellOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(maskPathOf);
        var ds = new HpaSingleCellDataset(fovs, options ?? new SingleCellOptions());
        var cellLabels = ds.ReadCellLabels();
        for (int f = 0; f < fovs.Count; f++)
        {
            var meta = fovs.GetMetadata(f);
            var maskPath = maskPathOf(meta);
            int fov = f;
            ds._index.Try(() =>
            {
                var mask = ImageIO.ReadGrayscale(maskPath);
                foreach (var (id, n, x0, y0, x1, y1) in CellCropper.Instances(mask.Pixels, mask.Height, mask.Width))
                    if (n >= ds.Options.MinCellPixels) ds.AddCell(fov, meta, id, (x0 + x1) / 2, (y0 + y1) / 2, maskPath, cellLabels);
            });
        }
        return ds;
    }

    /// <summary>Cells from instance masks named <c>{maskFolder}/{Id}{suffix}</c> (HPA: <c>_predictedmask.png</c>).</summary>
    public static HpaSingleCellDataset FromMasks(IMicroscopyDataset fovs, string maskFolder, string suffix = "_predictedmask.png", SingleCellOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(maskFolder);
        return FromMasks(fovs, m => Path.Combine(maskFolder, m.Id + suffix), options);
    }

    /// <summary>Cells from a bounding-box CSV (image id, cell id, x/y min/max columns as in the options); crops are not masked.</summary>
    /// <exception cref="DataFormatException">Under fail-fast: a malformed row or an image id that no field of view has.</exception>
    public static HpaSingleCellDataset FromBoxes(IMicroscopyDataset fovs, string boxesCsv, SingleCellOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(boxesCsv);
        var ds = new HpaSingleCellDataset(fovs, options ?? new SingleCellOptions());
        var cellLabels = ds.ReadCellLabels();
        var byId = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int f = 0; f < fovs.Count; f++)
        {
            var meta = fovs.GetMetadata(f);
            byId.TryAdd(meta.Id, f);
            // CellProfiler object tables name the image by a channel's file name.
            foreach (var (key, value) in meta.Extra)
                if (key.StartsWith("FileName_", StringComparison.OrdinalIgnoreCase) && value.Length > 0) byId.TryAdd(Path.GetFileName(value), f);
        }
        var table = CsvTable.Read(boxesCsv, ds._index.Report).RequireRows("one row per cell with its bounding box");
        var o = ds.Options;
        foreach (var c in new[] { o.ImageIdColumn, o.CellIdColumn, o.XMinColumn, o.YMinColumn, o.XMaxColumn, o.YMaxColumn }) table.RequireColumn(c);
        foreach (var row in table.Rows)
        {
            ds._index.Try(() =>
            {
                var imageId = Path.GetFileName(row[o.ImageIdColumn].Trim());
                if (!byId.TryGetValue(imageId, out int fov)) throw row.Error($"image id '{imageId}' is not in the field-of-view dataset.");
                double x0 = row.GetDouble(o.XMinColumn), y0 = row.GetDouble(o.YMinColumn), x1 = row.GetDouble(o.XMaxColumn), y1 = row.GetDouble(o.YMaxColumn);
                if (x1 < x0 || y1 < y0) throw row.Error($"bounding box max ({x1}, {y1}) is below min ({x0}, {y0}).");
                var fovMeta = fovs.GetMetadata(fov);
                int cellId = row.GetInt(o.CellIdColumn);
                ds._index.ClaimId(CellSampleId(fovMeta, cellId), row); // the same cell of the same image twice
                ds.AddCell(fov, fovMeta, cellId, (int)Math.Floor((x0 + x1) / 2), (int)Math.Floor((y0 + y1) / 2), null, cellLabels);
            });
        }
        return ds;
    }

    /// <summary>The options in use.</summary>
    public SingleCellOptions Options { get; }

    /// <inheritdoc />
    public int Count => _cells.Count;

    /// <inheritdoc />
    public IReadOnlyList<string> ChannelNames => _fovs.ChannelNames;

    /// <inheritdoc />
    public IReadOnlyList<string> ClassNames { get; }

    /// <inheritdoc />
    public BadInputPolicy Policy => _index.Policy;

    /// <inheritdoc />
    public IReadOnlyList<DatasetProblem> Problems => _index.Problems;

    /// <inheritdoc />
    public SampleMetadata GetMetadata(int index) => _cells[index].Meta;

    /// <summary>Index of the field of view cell <paramref name="index"/> was cut from, and its crop centre.</summary>
    public (int FovIndex, int CenterX, int CenterY) LocationOf(int index) => (_cells[index].Fov, _cells[index].CenterX, _cells[index].CenterY);

    /// <inheritdoc />
    /// <exception cref="DataFormatException">The field of view or its mask cannot be decoded, or they differ in size.</exception>
    public Sample Get(int index)
    {
        var cell = _cells[index];
        var (image, mask) = Fov(cell);
        var crop = CellCropper.Crop(image, mask, cell.CellId, cell.CenterX, cell.CenterY, Options.CropSize, cell.MaskPath is null ? CellMasking.None : Options.Masking);
        return new Sample(crop, cell.Meta);
    }

    // Cells are indexed field by field, so consecutive Gets usually share a field: keep the last one decoded.
    private (MicroscopyImage Image, float[]? Mask) Fov(Cell cell)
    {
        var cached = _cache;
        if (cached is not null && cached.Fov == cell.Fov) return (cached.Image, cached.Mask);
        var image = _fovs.Get(cell.Fov).Image;
        float[]? mask = null;
        if (cell.MaskPath is not null && Options.Masking != CellMasking.None)
        {
            var m = ImageIO.ReadGrayscale(cell.MaskPath);
            if (m.Height != image.Height || m.Width != image.Width)
                throw new DataFormatException(cell.MaskPath, $"mask is {m.Width}x{m.Height}, expected the field of view's {image.Width}x{image.Height}.");
            mask = m.Pixels;
        }
        _cache = new FovCache(cell.Fov, image, mask);
        return (image, mask);
    }

    private void AddCell(int fov, SampleMetadata fovMeta, int cellId, int cx, int cy, string? maskPath, Dictionary<(string, int), int[]?> cellLabels)
    {
        // A null entry marks a cell whose label row was bad and skipped: leave the cell out rather than give it other labels.
        if (cellLabels.TryGetValue((fovMeta.Id, cellId), out var own) && own is null) return;
        var extra = new Dictionary<string, string>(fovMeta.Extra, StringComparer.OrdinalIgnoreCase)
        {
            ["CenterX"] = cx.ToString(CultureInfo.InvariantCulture),
            ["CenterY"] = cy.ToString(CultureInfo.InvariantCulture),
        };
        var meta = fovMeta with
        {
            Id = CellSampleId(fovMeta, cellId),
            ImageId = fovMeta.Id,
            CellId = cellId,
            Labels = own ?? fovMeta.Labels,
            Extra = extra,
        };
        _cells.Add(new Cell(fov, cellId, cx, cy, maskPath, meta));
    }

    private static string CellSampleId(SampleMetadata fovMeta, int cellId) => $"{fovMeta.Id}_{cellId}";

    private Dictionary<(string, int), int[]?> ReadCellLabels()
    {
        var result = new Dictionary<(string, int), int[]?>();
        if (Options.CellLabelsCsv is null) return result;
        if (ClassNames.Count == 0) throw new ArgumentException("Per-cell labels need class names (from the options or the fields of view).");
        var table = CsvTable.Read(Options.CellLabelsCsv, _index.Report);
        foreach (var c in new[] { Options.ImageIdColumn, Options.CellIdColumn, Options.LabelsColumn }) table.RequireColumn(c);
        foreach (var row in table.Rows)
        {
            (string, int)? key = null;
            bool ok = _index.Try(() =>
            {
                key = (row[Options.ImageIdColumn].Trim(), row.GetInt(Options.CellIdColumn));
                result[key.Value] = LabelParser.Parse(row, Options.LabelsColumn, ClassNames.Count);
            });
            if (!ok && key is { } k) result[k] = null;
        }
        return result;
    }

    private sealed record Cell(int Fov, int CellId, int CenterX, int CenterY, string? MaskPath, SampleMetadata Meta);

    private sealed record FovCache(int Fov, MicroscopyImage Image, float[]? Mask);
}
