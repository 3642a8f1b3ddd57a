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
/// Metadata_MoA, Metadata_IsControl, Metadata_CellLine</c>, then <c>emb_0000</c>… (the embedding shards' feature names),
/// one row per well. <c>.parquet</c> paths get Parquet (float64 features), anything else CSV; the write is atomic.
/// </summary>
public static class WellProfileFile
{
    private static readonly string[] Columns = ["Metadata_Plate", "Metadata_Well", "Metadata_Treatment", "Metadata_MoA", "Metadata_IsControl", "Metadata_CellLine"];

    /// <summary>Writes <paramref name="result"/>'s profiles; <paramref name="samples"/> (the embeddings profiled) give each well's treatment, MoA and cell line.</summary>
    public static void Write(string path, MoaResult result, EmbeddingSet samples)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(samples);
        // Every site of a well shares its plate-map row, so the first sample of a well describes it.
        var byWell = new Dictionary<WellKey, SampleMetadata>();
        foreach (var m in samples.Metadata)
            if (m.Plate is not null && m.Well is not null) byWell.TryAdd(new WellKey(m.Plate, m.Well), m);
        var rows = result.Wells.Select(w => byWell.TryGetValue(w, out var m) ? m : null).ToArray();
        string?[][] meta = result.Wells.Select((w, i) => new[]
        {
            w.Plate, w.Well, rows[i]?.Treatment, rows[i]?.MechanismOfAction, rows[i]?.IsControl == true ? "true" : "false", rows[i]?.CellLine,
        }).ToArray();
        if (path.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase))
            AtomicFile.Write(path, s => WriteParquetAsync(s, meta, result.SpheredProfiles).GetAwaiter().GetResult());
        else
            AtomicFile.WriteAllText(path, Csv(meta, result.SpheredProfiles));
    }

    private static string Csv(string?[][] meta, double[,] profiles)
    {
        int dim = profiles.GetLength(1);
        var sb = new StringBuilder(string.Join(',', Columns));
        for (int j = 0; j < dim; j++) sb.Append(',').Append(ShardFiles.FeatureName(j));
        sb.Append('\n');
        for (int i = 0; i < meta.Length; i++)
        {
            sb.Append(string.Join(',', meta[i].Select(Quote)));
            for (int j = 0; j < dim; j++) sb.Append(',').Append(profiles[i, j].ToString("R", CultureInfo.InvariantCulture));
            sb.Append('\n');
        }
        return sb.ToString();
    }

    private static async Task WriteParquetAsync(Stream stream, string?[][] meta, double[,] profiles)
    {
        int dim = profiles.GetLength(1);
        var fields = new List<DataField>();
        for (int c = 0; c < Columns.Length; c++)
            fields.Add(c == 4 ? new DataField<bool>(Columns[c]) : new DataField<string>(Columns[c], true));
        for (int j = 0; j < dim; j++) fields.Add(new DataField<double>(ShardFiles.FeatureName(j)));
        await using var writer = await ParquetWriter.CreateAsync(new ParquetSchema(fields), stream).ConfigureAwait(false);
        using var group = writer.CreateRowGroup();
        for (int c = 0; c < Columns.Length; c++)
        {
            if (c == 4) await group.WriteAsync<bool>(fields[c], meta.Select(r => r[4] == "true").ToArray().AsMemory()).ConfigureAwait(false);
            else await group.WriteAsync(fields[c], meta.Select(r => r[c]).ToArray()).ConfigureAwait(false);
        }
        var column = new double[meta.Length];
        for (int j = 0; j < dim; j++)
        {
            for (int i = 0; i < meta.Length; i++) column[i] = profiles[i, j];
            await group.WriteAsync<double>(fields[Columns.Length + j], column.AsMemory()).ConfigureAwait(false);
        }
    }

    private static string Quote(string? v) => v is null ? "" : Data.Csv.CsvTable.Escape(v);
}
