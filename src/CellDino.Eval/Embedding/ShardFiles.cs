using System.Globalization;
using System.Text;
using CellDino.Core;
using CellDino.Data.Samples;
using Parquet;
using Parquet.Schema;

namespace CellDino.Eval.Embedding;

/// <summary>Reads and writes one shard (Parquet, or .npy + .csv), each file atomically.</summary>
internal static class ShardFiles
{
    private static ReadOnlySpan<byte> NpyMagic => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    public static string BaseName(int shard) => $"part-{shard:D6}";

    public static bool IsComplete(string dir, int shard, EmbeddingFileFormat format) => format == EmbeddingFileFormat.Parquet
        ? File.Exists(Path.Combine(dir, BaseName(shard) + ".parquet"))
        : File.Exists(Path.Combine(dir, BaseName(shard) + ".npy")) && File.Exists(Path.Combine(dir, BaseName(shard) + ".csv"));

    public static void Write(string dir, int shard, EmbeddingFileFormat format, float[] features, int dim, IReadOnlyList<SampleMetadata> meta)
    {
        if (format == EmbeddingFileFormat.Parquet)
        {
            AtomicFile.Write(Path.Combine(dir, BaseName(shard) + ".parquet"), s => WriteParquetAsync(s, features, dim, meta).GetAwaiter().GetResult());
        }
        else
        {
            // The .csv is renamed into place last: a shard counts as complete only when both exist.
            AtomicFile.Write(Path.Combine(dir, BaseName(shard) + ".npy"), s => WriteNpy(s, features, meta.Count, dim));
            AtomicFile.Write(Path.Combine(dir, BaseName(shard) + ".csv"), s => WriteCsv(s, meta));
        }
    }

    public static (float[] Features, int Dim, SampleMetadata[] Metadata) Read(string dir, int shard, EmbeddingFileFormat format) =>
        format == EmbeddingFileFormat.Parquet
            ? ReadParquetAsync(Path.Combine(dir, BaseName(shard) + ".parquet")).GetAwaiter().GetResult()
            : ReadNpyCsv(Path.Combine(dir, BaseName(shard) + ".npy"), Path.Combine(dir, BaseName(shard) + ".csv"));

    private static DataField[] Schema(int dim)
    {
        var fields = new List<DataField>();
        foreach (var name in MetadataColumns.Names) fields.Add(new DataField<string>(name, true));
        for (int d = 0; d < dim; d++) fields.Add(new DataField<float>(FeatureName(d)));
        return fields.ToArray();
    }

    internal static string FeatureName(int d) => $"emb_{d:D4}";

    private static async Task WriteParquetAsync(Stream stream, float[] features, int dim, IReadOnlyList<SampleMetadata> meta)
    {
        var fields = Schema(dim);
        var rows = meta.Select(MetadataColumns.ToRow).ToArray();
        await using var writer = await ParquetWriter.CreateAsync(new ParquetSchema(fields), stream).ConfigureAwait(false);
        using var group = writer.CreateRowGroup();
        for (int c = 0; c < MetadataColumns.Names.Length; c++)
        {
            int col = c;
            await group.WriteAsync(fields[c], rows.Select(r => r[col]).ToArray()!).ConfigureAwait(false);
        }
        var column = new float[meta.Count];
        for (int d = 0; d < dim; d++)
        {
            for (int r = 0; r < meta.Count; r++) column[r] = features[(long)r * dim + d];
            await group.WriteAsync<float>(fields[MetadataColumns.Names.Length + d], column.AsMemory()).ConfigureAwait(false);
        }
    }

    private static async Task<(float[], int, SampleMetadata[])> ReadParquetAsync(string path)
    {
        await using var stream = File.OpenRead(path);
        await using var reader = await ParquetReader.CreateAsync(stream).ConfigureAwait(false);
        var fields = reader.Schema.GetDataFields();
        int dim = fields.Length - MetadataColumns.Names.Length;
        if (dim < 1 || !fields.Take(MetadataColumns.Names.Length).Select(f => f.Name).SequenceEqual(MetadataColumns.Names))
            throw new InvalidDataException($"{path}: not a CellDino embedding shard (expected columns {string.Join(", ", MetadataColumns.Names)}, emb_0000, ...).");
        var allMeta = new List<SampleMetadata>();
        var allFeatures = new List<float[]>();
        for (int g = 0; g < reader.RowGroupCount; g++)
        {
            using var group = reader.OpenRowGroupReader(g);
            int n = checked((int)group.RowCount);
            var cols = new string?[MetadataColumns.Names.Length][];
            for (int c = 0; c < cols.Length; c++)
            {
                var buffer = new string?[n];
                await group.ReadAsync(fields[c], buffer.AsMemory()).ConfigureAwait(false);
                cols[c] = buffer;
            }
            for (int r = 0; r < n; r++)
                allMeta.Add(MetadataColumns.FromRow(cols.Select(col => col[r]).ToArray(), path, allMeta.Count + 1));
            var f = new float[(long)n * dim];
            var column = new float[n];
            for (int d = 0; d < dim; d++)
            {
                await group.ReadAsync<float>(fields[MetadataColumns.Names.Length + d], column.AsMemory()).ConfigureAwait(false);
                for (int r = 0; r < n; r++) f[(long)r * dim + d] = column[r];
            }
            allFeatures.Add(f);
        }
        return (allFeatures.SelectMany(x => x).ToArray(), dim, allMeta.ToArray());
    }

    private static void WriteNpy(Stream stream, float[] features, int rows, int dim)
    {
        var dict = $"{{'descr': '<f4', 'fortran_order': False, 'shape': ({rows}, {dim}), }}";
        int unpadded = 10 + dict.Length + 1;
        int pad = (64 - unpadded % 64) % 64;
        var header = dict + new string(' ', pad) + "\n";
        stream.Write(NpyMagic);
        stream.WriteByte(1);
        stream.WriteByte(0);
        Span<byte> len = stackalloc byte[2];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16LittleEndian(len, (ushort)header.Length);
        stream.Write(len);
        stream.Write(Encoding.ASCII.GetBytes(header));
        stream.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(features.AsSpan(0, rows * dim)));
    }

    private static void WriteCsv(Stream stream, IReadOnlyList<SampleMetadata> meta)
    {
        using var w = new StreamWriter(stream, new UTF8Encoding(false), leaveOpen: true);
        w.WriteLine(string.Join(',', MetadataColumns.Names));
        foreach (var m in meta) w.WriteLine(string.Join(',', MetadataColumns.ToRow(m).Select(Quote)));
    }

    private static string Quote(string? v) =>
        v is null ? "" : v.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + v.Replace("\"", "\"\"") + "\"" : v;

    private static (float[], int, SampleMetadata[]) ReadNpyCsv(string npy, string csv)
    {
        var bytes = File.ReadAllBytes(npy);
        if (bytes.Length < 10 || !bytes.AsSpan(0, 6).SequenceEqual(NpyMagic))
            throw new InvalidDataException($"{npy}: not a .npy file.");
        int headerLen = bytes[8] | bytes[9] << 8;
        var header = Encoding.ASCII.GetString(bytes, 10, headerLen);
        var shape = header[(header.IndexOf('(') + 1)..header.IndexOf(')')].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (!header.Contains("'<f4'") || shape.Length != 2)
            throw new InvalidDataException($"{npy}: expected a 2-D little-endian float32 matrix, header {header.Trim()}.");
        int rows = int.Parse(shape[0], CultureInfo.InvariantCulture), dim = int.Parse(shape[1], CultureInfo.InvariantCulture);
        int offset = 10 + headerLen;
        if (bytes.Length - offset != (long)rows * dim * 4)
            throw new InvalidDataException($"{npy}: {bytes.Length - offset} data bytes, expected {rows}x{dim} float32 = {(long)rows * dim * 4}.");
        var features = new float[rows * dim];
        System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(bytes.AsSpan(offset)).CopyTo(features);
        var table = Data.Csv.CsvTable.Read(csv);
        if (!table.Header.SequenceEqual(MetadataColumns.Names))
            throw new InvalidDataException($"{csv}: expected the header {string.Join(",", MetadataColumns.Names)}.");
        if (table.Rows.Count != rows)
            throw new InvalidDataException($"{csv}: {table.Rows.Count} metadata rows but {npy} has {rows} embeddings.");
        var meta = table.Rows.Select(r => MetadataColumns.FromRow(r.Fields.Select(x => (string?)x).ToArray(), csv, r.RowNumber)).ToArray();
        return (features, dim, meta);
    }
}
