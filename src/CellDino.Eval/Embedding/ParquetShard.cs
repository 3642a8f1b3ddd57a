using System.Text.Json;
using CellDino.Data.Samples;
using Parquet;
using Parquet.Schema;

namespace CellDino.Eval.Embedding;

/// <summary>
/// One embedding shard as Parquet: typed <c>Metadata_*</c> columns (ints, a bool, strings), one typed column per extra
/// metadata key (<see cref="ExtraColumn"/>: int64, double, bool or string, decided over the whole dataset), then <c>emb_0000</c>… float columns; the file's key-value metadata records where the numbers came from
/// (<c>celldino.*</c> keys) and the class names.
/// </summary>
internal static class ParquetShard
{
    public const string ExtraColumnsKey = "celldino.extra_columns", ClassNamesKey = "celldino.class_names";

    public static async Task WriteAsync(Stream stream, float[] features, int dim, IReadOnlyList<SampleMetadata> meta, ShardProvenance provenance)
    {
        var extras = provenance.ExtraColumns ?? MetadataColumns.ExtraColumns(meta);
        var known = extras.Select(e => e.Key).ToHashSet(StringComparer.Ordinal);
        if (meta.SelectMany(m => m.Extra.Keys).FirstOrDefault(k => !known.Contains(k)) is { } unknown)
            throw new InvalidOperationException($"Metadata key '{unknown}' is not among the dataset's extra columns decided before writing.");
        var fields = new List<DataField>
        {
            new DataField<string>(MetadataColumns.Id), new DataField<string>(MetadataColumns.ImageId, true), new DataField<int?>(MetadataColumns.CellId),
            new DataField<string>(MetadataColumns.Labels, true), new DataField<string>(MetadataColumns.LabelNames, true),
            new DataField<string>(MetadataColumns.CellLine, true), new DataField<string>(MetadataColumns.Plate, true),
            new DataField<string>(MetadataColumns.Well, true), new DataField<int?>(MetadataColumns.Site),
            new DataField<string>(MetadataColumns.Treatment, true), new DataField<string>(MetadataColumns.Moa, true),
            new DataField<bool>(MetadataColumns.IsControl),
        };
        fields.AddRange(extras.Select(e => e.Field()));
        for (int d = 0; d < dim; d++) fields.Add(new DataField<float>(ShardFiles.FeatureName(d)));

        await using var writer = await ParquetWriter.CreateAsync(new ParquetSchema(fields), stream).ConfigureAwait(false);
        var kv = new Dictionary<string, string>(provenance.KeyValues)
        {
            [ExtraColumnsKey] = JsonSerializer.Serialize(extras.ToDictionary(e => e.Column, e => e.Key)),
        };
        if (provenance.ClassNames is { Count: > 0 } names) kv[ClassNamesKey] = JsonSerializer.Serialize(names);
        writer.CustomMetadata = kv;
        using var group = writer.CreateRowGroup();
        int f = 0;
        async Task Strings(Func<SampleMetadata, string?> of) => await group.WriteAsync(fields[f++], meta.Select(of).ToArray()).ConfigureAwait(false);
        async Task Ints(Func<SampleMetadata, int?> of) => await group.WriteAsync<int>(fields[f++], meta.Select(of).ToArray().AsMemory()).ConfigureAwait(false);
        await Strings(m => m.Id).ConfigureAwait(false);
        await Strings(m => m.ImageId).ConfigureAwait(false);
        await Ints(m => m.CellId).ConfigureAwait(false);
        await Strings(MetadataColumns.LabelsText).ConfigureAwait(false);
        await Strings(m => MetadataColumns.LabelNamesOf(m, provenance.ClassNames)).ConfigureAwait(false);
        await Strings(m => m.CellLine).ConfigureAwait(false);
        await Strings(m => m.Plate).ConfigureAwait(false);
        await Strings(m => m.Well).ConfigureAwait(false);
        await Ints(m => m.Site).ConfigureAwait(false);
        await Strings(m => m.Treatment).ConfigureAwait(false);
        await Strings(m => m.MechanismOfAction).ConfigureAwait(false);
        await group.WriteAsync<bool>(fields[f++], meta.Select(m => m.IsControl).ToArray().AsMemory()).ConfigureAwait(false);
        foreach (var e in extras) await e.WriteAsync(group, fields[f++], meta).ConfigureAwait(false);
        var column = new float[meta.Count];
        for (int d = 0; d < dim; d++)
        {
            for (int r = 0; r < meta.Count; r++) column[r] = features[(long)r * dim + d];
            await group.WriteAsync<float>(fields[f++], column.AsMemory()).ConfigureAwait(false);
        }
    }

    public static async Task<IReadOnlyDictionary<string, string>> ReadKeyValuesAsync(string path)
    {
        await using var stream = File.OpenRead(path);
        try
        {
            await using var reader = await ParquetReader.CreateAsync(stream).ConfigureAwait(false);
            return new Dictionary<string, string>(reader.CustomMetadata);
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or NotSupportedException)
        {
            throw new InvalidDataException($"{path}: not a readable Parquet file ({ex.Message}).", ex);
        }
    }

    public static async Task<(float[], int, SampleMetadata[])> ReadAsync(string path)
    {
        await using var stream = File.OpenRead(path);
        await using var reader = await ParquetReader.CreateAsync(stream).ConfigureAwait(false);
        var fields = reader.Schema.GetDataFields();
        var core = MetadataColumns.Core;
        int nMeta = fields.TakeWhile(x => !x.Name.StartsWith("emb_", StringComparison.Ordinal)).Count();
        int dim = fields.Length - nMeta;
        if (dim < 1 || nMeta < core.Length || !fields.Take(core.Length).Select(x => x.Name).SequenceEqual(core))
            throw new InvalidDataException($"{path}: not a CellDino embedding shard (expected columns {string.Join(", ", core)}, then emb_0000, ...).");
        var extraKeys = reader.CustomMetadata.TryGetValue(ExtraColumnsKey, out var json)
            ? JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? [] : new Dictionary<string, string>();
        var allMeta = new List<SampleMetadata>();
        var allFeatures = new List<float[]>();
        for (int g = 0; g < reader.RowGroupCount; g++)
        {
            using var group = reader.OpenRowGroupReader(g);
            int n = checked((int)group.RowCount);
            async Task<string?[]> Strings(int i) { var b = new string?[n]; await group.ReadAsync(fields[i], b.AsMemory()!).ConfigureAwait(false); return b; }
            async Task<int?[]> Ints(int i) { var b = new int?[n]; await group.ReadAsync<int>(fields[i], b.AsMemory()).ConfigureAwait(false); return b; }
            var (id, image, cell, labels) = (await Strings(0).ConfigureAwait(false), await Strings(1).ConfigureAwait(false), await Ints(2).ConfigureAwait(false), await Strings(3).ConfigureAwait(false));
            var (line, plate, well, site) = (await Strings(5).ConfigureAwait(false), await Strings(6).ConfigureAwait(false), await Strings(7).ConfigureAwait(false), await Ints(8).ConfigureAwait(false));
            var (treatment, moa) = (await Strings(9).ConfigureAwait(false), await Strings(10).ConfigureAwait(false));
            var control = new bool[n];
            await group.ReadAsync<bool>(fields[11], control.AsMemory()).ConfigureAwait(false);
            var extras = new List<(string Key, string?[] Values)>();
            for (int i = core.Length; i < nMeta; i++)
                extras.Add((extraKeys.TryGetValue(fields[i].Name, out var key) ? key : fields[i].Name, await ExtraColumn.ReadAsync(group, fields[i], n).ConfigureAwait(false)));
            for (int r = 0; r < n; r++)
            {
                int row = r;
                allMeta.Add(MetadataColumns.Guard(path, allMeta.Count + 1, () => new SampleMetadata
                {
                    Id = id[row] ?? throw new FormatException("id is empty"),
                    ImageId = image[row], CellId = cell[row], Labels = MetadataColumns.ParseLabels(labels[row]),
                    CellLine = line[row], Plate = plate[row], Well = well[row], Site = site[row],
                    Treatment = treatment[row], MechanismOfAction = moa[row], IsControl = control[row],
                    Extra = extras.Where(e => e.Values[row] is not null).ToDictionary(e => e.Key, e => e.Values[row]!),
                }));
            }
            var features = new float[(long)n * dim];
            var column = new float[n];
            for (int d = 0; d < dim; d++)
            {
                await group.ReadAsync<float>(fields[nMeta + d], column.AsMemory()).ConfigureAwait(false);
                for (int r = 0; r < n; r++) features[(long)r * dim + d] = column[r];
            }
            allFeatures.Add(features);
        }
        return (allFeatures.SelectMany(x => x).ToArray(), dim, allMeta.ToArray());
    }
}

/// <summary>
/// What a shard records about its origin: class names for <c>Metadata_LabelNames</c>, <c>celldino.*</c> key-value pairs,
/// and the dataset's typed extra columns (null: decided from the shard's own rows).
/// </summary>
internal sealed record ShardProvenance(IReadOnlyList<string>? ClassNames, IReadOnlyDictionary<string, string> KeyValues, IReadOnlyList<ExtraColumn>? ExtraColumns = null)
{
    public static ShardProvenance None { get; } = new(null, new Dictionary<string, string>());
}
