using System.Globalization;
using System.Text;
using CellDino.Core;
using CellDino.Data.Samples;

namespace CellDino.Eval.Embedding;

/// <summary>Reads and writes one shard (Parquet, or .npy + .csv), each file atomically.</summary>
internal static class ShardFiles
{
    private static ReadOnlySpan<byte> NpyMagic => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    public static string BaseName(int shard) => $"part-{shard:D6}";

    public static bool IsComplete(string dir, int shard, EmbeddingFileFormat format) => format == EmbeddingFileFormat.Parquet
        ? File.Exists(Path.Combine(dir, BaseName(shard) + ".parquet"))
        : File.Exists(Path.Combine(dir, BaseName(shard) + ".npy")) && File.Exists(Path.Combine(dir, BaseName(shard) + ".csv"));

    public static void Write(string dir, int shard, EmbeddingFileFormat format, float[] features, int dim, IReadOnlyList<SampleMetadata> meta, ShardProvenance provenance)
    {
        if (format == EmbeddingFileFormat.Parquet)
        {
            AtomicFile.Write(Path.Combine(dir, BaseName(shard) + ".parquet"), s => ParquetShard.WriteAsync(s, features, dim, meta, provenance).GetAwaiter().GetResult());
        }
        else
        {
            // The .csv is renamed into place last: a shard counts as complete only when both exist.
            AtomicFile.Write(Path.Combine(dir, BaseName(shard) + ".npy"), s => WriteNpy(s, features, meta.Count, dim));
            AtomicFile.Write(Path.Combine(dir, BaseName(shard) + ".csv"), s => WriteCsv(s, meta, provenance.ClassNames));
        }
    }

    public static (float[] Features, int Dim, SampleMetadata[] Metadata) Read(string dir, int shard, EmbeddingFileFormat format) =>
        format == EmbeddingFileFormat.Parquet
            ? ParquetShard.ReadAsync(Path.Combine(dir, BaseName(shard) + ".parquet")).GetAwaiter().GetResult()
            : ReadNpyCsv(Path.Combine(dir, BaseName(shard) + ".npy"), Path.Combine(dir, BaseName(shard) + ".csv"));

    internal static string FeatureName(int d) => $"emb_{d:D4}";

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

    private static void WriteCsv(Stream stream, IReadOnlyList<SampleMetadata> meta, IReadOnlyList<string>? classNames)
    {
        using var w = new StreamWriter(stream, new UTF8Encoding(false), leaveOpen: true);
        w.WriteLine(string.Join(',', MetadataColumns.CsvNames));
        foreach (var m in meta) w.WriteLine(string.Join(',', MetadataColumns.ToCsvRow(m, classNames).Select(Quote)));
    }

    private static string Quote(string? v) => v is null ? "" : Data.Csv.CsvTable.Escape(v);

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
        if (!table.Header.SequenceEqual(MetadataColumns.CsvNames))
            throw new InvalidDataException($"{csv}: expected the header {string.Join(",", MetadataColumns.CsvNames)}.");
        if (table.Rows.Count != rows)
            throw new InvalidDataException($"{csv}: {table.Rows.Count} metadata rows but {npy} has {rows} embeddings.");
        var meta = table.Rows.Select(r => MetadataColumns.FromCsvRow(r.Fields.Select(x => (string?)x).ToArray(), csv, r.RowNumber)).ToArray();
        return (features, dim, meta);
    }
}
