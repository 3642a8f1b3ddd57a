using System.Globalization;
using System.Text;
using CellDino.Core;
using CellDino.Data.Samples;
using CellDino.Eval.Embedding;
using CellDino.Eval.Protocols;
using Parquet;
using Parquet.Schema;

namespace CellDino.Eval.Profiling;

/// <summary>
/// Writes sphered well profiles as profiling tools read them: <c>Metadata_Plate, Metadata_Well, Metadata_Treatment,
/// Metadata_MoA, Metadata_IsControl, Metadata_CellLine</c>, then every other metadata column that is the same for all
/// samples of each well (plate-map and LoadData columns such as <c>Metadata_seeding_density</c>, typed as in the
/// embedding shards), then <c>emb_0000</c>… (the embedding shards' feature names), one row per well. <c>.parquet</c>
/// paths get Parquet (float64 features) with the key-value metadata of the embeddings they came from; anything else
/// gets CSV. The write is atomic.
/// </summary>
public static class WellProfileFile
{
    private static readonly string[] Columns = ["Metadata_Plate", "Metadata_Well", "Metadata_Treatment", "Metadata_MoA", "Metadata_IsControl", "Metadata_CellLine"];

    /// <summary>Writes <paramref name="result"/>'s profiles; <paramref name="samples"/> (the embeddings profiled) give each well's metadata.</summary>
    /// <param name="path">Output file: <c>.parquet</c> for Parquet, any other name for CSV.</param>
    /// <param name="result">The profiles.</param>
    /// <param name="samples">The embeddings that were profiled.</param>
    /// <param name="keyValues">
    /// Provenance for the Parquet key-value metadata, e.g. the embeddings' <see cref="EmbeddingFolder.Provenance"/>;
    /// <c>celldino.profile_version</c> (this build) is added.
    /// </param>
    public static void Write(string path, MoaResult result, EmbeddingSet samples, IReadOnlyDictionary<string, string>? keyValues = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(samples);
        var wells = WellMetadata(result, samples);
        var extras = MetadataColumns.ExtraColumns(wells.OfType<SampleMetadata>());
        string?[][] meta = result.Wells.Select((w, i) => new[]
        {
            w.Plate, w.Well, wells[i]?.Treatment, wells[i]?.MechanismOfAction, wells[i]?.IsControl == true ? "true" : "false", wells[i]?.CellLine,
        }).ToArray();
        var rows = wells.Select((m, i) => m ?? new SampleMetadata { Id = $"{result.Wells[i].Plate}/{result.Wells[i].Well}" }).ToArray();
        if (path.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase))
        {
            var kv = new Dictionary<string, string>(keyValues ?? new Dictionary<string, string>()) { ["celldino.profile_version"] = CellDinoVersion.Informational };
            AtomicFile.Write(path, s => WriteParquetAsync(s, meta, rows, extras, result.SpheredProfiles, kv).GetAwaiter().GetResult());
        }
        else
        {
            AtomicFile.WriteAllText(path, Csv(meta, rows, extras, result.SpheredProfiles));
        }
    }

    // Each well's first sample, its extras cut to the keys every sample of every well agrees on (per-site file names and
    // per-cell positions are dropped; the plate map's columns are kept).
    private static SampleMetadata?[] WellMetadata(MoaResult result, EmbeddingSet samples)
    {
        var byWell = new Dictionary<WellKey, List<SampleMetadata>>();
        foreach (var m in samples.Metadata)
            if (m.Plate is not null && m.Well is not null)
            {
                var key = new WellKey(m.Plate, m.Well);
                if (!byWell.TryGetValue(key, out var list)) byWell[key] = list = [];
                list.Add(m);
            }
        var keys = samples.Metadata.SelectMany(m => m.Extra.Keys).Distinct(StringComparer.Ordinal).ToArray();
        var constant = keys.Where(k => byWell.Values.All(list => list.Select(m => m.Extra.GetValueOrDefault(k)).Distinct(StringComparer.Ordinal).Count() == 1)).ToHashSet(StringComparer.Ordinal);
        return result.Wells.Select(w => byWell.TryGetValue(w, out var list)
            ? list[0] with { Extra = list[0].Extra.Where(kv => constant.Contains(kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal) }
            : null).ToArray();
    }

    private static string Csv(string?[][] meta, SampleMetadata[] rows, IReadOnlyList<ExtraColumn> extras, double[,] profiles)
    {
        int dim = profiles.GetLength(1);
        var sb = new StringBuilder(string.Join(',', Columns.Concat(extras.Select(e => e.Column)).Select(Quote)));
        for (int j = 0; j < dim; j++) sb.Append(',').Append(ShardFiles.FeatureName(j));
        sb.Append('\n');
        for (int i = 0; i < meta.Length; i++)
        {
            sb.Append(string.Join(',', meta[i].Concat(extras.Select(e => rows[i].Extra.GetValueOrDefault(e.Key))).Select(Quote)));
            for (int j = 0; j < dim; j++) sb.Append(',').Append(profiles[i, j].ToString("R", CultureInfo.InvariantCulture));
            sb.Append('\n');
        }
        return sb.ToString();
    }

    private static async Task WriteParquetAsync(Stream stream, string?[][] meta, SampleMetadata[] rows, IReadOnlyList<ExtraColumn> extras, double[,] profiles,
        Dictionary<string, string> keyValues)
    {
        int dim = profiles.GetLength(1);
        var fields = new List<DataField>();
        for (int c = 0; c < Columns.Length; c++)
            fields.Add(c == 4 ? new DataField<bool>(Columns[c]) : new DataField<string>(Columns[c], true));
        fields.AddRange(extras.Select(e => e.Field()));
        for (int j = 0; j < dim; j++) fields.Add(new DataField<double>(ShardFiles.FeatureName(j)));
        await using var writer = await ParquetWriter.CreateAsync(new ParquetSchema(fields), stream).ConfigureAwait(false);
        writer.CustomMetadata = keyValues;
        using var group = writer.CreateRowGroup();
        int f = 0;
        for (int c = 0; c < Columns.Length; c++, f++)
        {
            if (c == 4) await group.WriteAsync<bool>(fields[f], meta.Select(r => r[4] == "true").ToArray().AsMemory()).ConfigureAwait(false);
            else await group.WriteAsync(fields[f], meta.Select(r => r[c]).ToArray()).ConfigureAwait(false);
        }
        foreach (var e in extras) await e.WriteAsync(group, fields[f++], rows).ConfigureAwait(false);
        var column = new double[meta.Length];
        for (int j = 0; j < dim; j++)
        {
            for (int i = 0; i < meta.Length; i++) column[i] = profiles[i, j];
            await group.WriteAsync<double>(fields[f++], column.AsMemory()).ConfigureAwait(false);
        }
    }

    private static string Quote(string? v) => v is null ? "" : Data.Csv.CsvTable.Escape(v);
}
