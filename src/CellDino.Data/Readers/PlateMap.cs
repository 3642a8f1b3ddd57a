using CellDino.Data.Csv;
using CellDino.Data.Samples;

namespace CellDino.Data.Readers;

/// <summary>A loaded plate map (and compound table), keyed by (plate, canonical well).</summary>
internal sealed class PlateMap
{
    private readonly Dictionary<(string Plate, string Well), CsvRow> _wells = new();
    private readonly Dictionary<string, string> _moa = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _consumed;

    public PlateMap(PlateMapOptions options)
    {
        Options = options;
        _consumed = new[] { options.WellColumn, options.PlateColumn, options.TreatmentColumn, options.MoaColumn, options.ControlColumn, options.CellLineColumn }
            .OfType<string>().ToHashSet(StringComparer.OrdinalIgnoreCase);
        Table = CsvTable.Read(options.Path);
        Table.RequireColumn(options.WellColumn);
        foreach (var c in new[] { options.PlateColumn, options.TreatmentColumn, options.MoaColumn, options.ControlColumn, options.CellLineColumn })
            if (c is not null) Table.RequireColumn(c);
        foreach (var row in Table.Rows)
        {
            var key = (options.PlateColumn is null ? "" : row[options.PlateColumn].Trim(), WellName.Canonical(row[options.WellColumn]));
            if (!_wells.TryAdd(key, row)) throw row.Error($"well {key.Item2}{(key.Item1.Length > 0 ? " of plate " + key.Item1 : "")} is listed twice.");
        }
        if (options.CompoundsPath is not null)
        {
            var compounds = CsvTable.Read(options.CompoundsPath);
            compounds.RequireColumn(options.CompoundTreatmentColumn);
            compounds.RequireColumn(options.CompoundMoaColumn);
            foreach (var row in compounds.Rows)
            {
                var moa = row[options.CompoundMoaColumn].Trim();
                if (moa.Length > 0) _moa.TryAdd(row[options.CompoundTreatmentColumn].Trim(), moa);
            }
        }
    }

    public PlateMapOptions Options { get; }

    public CsvTable Table { get; }

    public CsvRow? Find(string? plate, string well) =>
        _wells.TryGetValue((Options.PlateColumn is null ? "" : plate?.Trim() ?? "", WellName.Canonical(well)), out var row) ? row : null;

    public string? MoaOf(CsvRow row, string? treatment)
    {
        if (Options.MoaColumn is not null && row[Options.MoaColumn].Trim() is { Length: > 0 } m) return m;
        return treatment is not null && _moa.TryGetValue(treatment, out var moa) ? moa : null;
    }

    /// <summary>
    /// <paramref name="meta"/> with the plate map's treatment, MoA, control flag and cell line of its well, and every other
    /// plate-map column added to <see cref="SampleMetadata.Extra"/> (a column read into a field, such as <c>condition</c>
    /// as the treatment, is not repeated there); a well missing from the map is <paramref name="error"/>.
    /// </summary>
    public SampleMetadata Join(SampleMetadata meta, string? plate, string well, Func<string, Exception?, DataFormatException> error)
    {
        var mapRow = Find(plate, well) ?? throw error($"well {well}{(plate is null ? "" : " of plate " + plate)} is not in the plate map {Options.Path}.", null);
        var o = Options;
        string? treatment = o.TreatmentColumn is null ? null : mapRow[o.TreatmentColumn].Trim() is { Length: > 0 } t ? t : null;
        var extra = new Dictionary<string, string>(meta.Extra, StringComparer.OrdinalIgnoreCase);
        for (int i = 0; i < Table.Header.Count; i++)
            if (!_consumed.Contains(Table.Header[i])) extra.TryAdd(Table.Header[i], mapRow[i]);
        return meta with
        {
            Treatment = treatment,
            MechanismOfAction = MoaOf(mapRow, treatment),
            IsControl = IsControl(mapRow, treatment),
            CellLine = o.CellLineColumn is null ? meta.CellLine : mapRow[o.CellLineColumn].Trim(),
            Extra = extra,
        };
    }

    public bool IsControl(CsvRow row, string? treatment)
    {
        if (Options.ControlColumn is not null)
            return row[Options.ControlColumn].Trim().ToLowerInvariant() is "true" or "1" or "yes" or "control" or "negcon";
        return treatment is not null && Options.ControlTreatments.Contains(treatment, StringComparer.OrdinalIgnoreCase);
    }
}
