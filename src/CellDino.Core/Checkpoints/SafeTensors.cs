using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using TorchSharp;
using static TorchSharp.torch;

namespace CellDino.Core.Checkpoints;

/// <summary>
/// Reads and writes the safetensors format: an 8-byte little-endian header length, a JSON header
/// mapping each name to <c>{dtype, shape, data_offsets}</c>, then raw little-endian data.
/// </summary>
/// <remarks>
/// The reader validates the header before touching data: offsets inside the data section, no
/// overlaps, and byte lengths that agree with dtype × shape. Tensors are returned on the CPU in the
/// file's dtype and in header order; an optional <c>__metadata__</c> string map is kept.
/// </remarks>
public static class SafeTensors
{
    private const long MaxHeaderBytes = 100L * 1024 * 1024;

    /// <summary>Reads every tensor of a safetensors file, in header order.</summary>
    /// <exception cref="CheckpointFormatException">The file is truncated or its header is inconsistent.</exception>
    public static StateDict Read(string path) => Read(path, out _);

    /// <summary>Reads every tensor and the <c>__metadata__</c> map of a safetensors file.</summary>
    /// <exception cref="CheckpointFormatException">The file is truncated or its header is inconsistent.</exception>
    public static StateDict Read(string path, out IReadOnlyDictionary<string, string> metadata)
    {
        TorchRuntime.EnsureLoaded();
        if (!File.Exists(path)) throw new CheckpointFormatException(path, "file not found.");
        using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        long fileLength = fs.Length;
        if (fileLength < 8) throw new CheckpointFormatException(path, $"not a safetensors file: {fileLength} bytes, expected at least an 8-byte header length.");
        Span<byte> lenBytes = stackalloc byte[8];
        fs.ReadExactly(lenBytes);
        ulong headerLen = BinaryPrimitives.ReadUInt64LittleEndian(lenBytes);
        if (headerLen == 0 || headerLen > (ulong)Math.Min(MaxHeaderBytes, fileLength - 8))
            throw new CheckpointFormatException(path, $"header length {headerLen} does not fit a file of {fileLength} bytes.");
        var headerBytes = new byte[(int)headerLen];
        fs.ReadExactly(headerBytes);
        long dataStart = 8 + (long)headerLen;
        long dataLength = fileLength - dataStart;

        var entries = ParseHeader(path, headerBytes, dataLength, out metadata);
        var result = new StateDict();
        try
        {
            foreach (var e in entries)
            {
                var bytes = new byte[e.End - e.Begin];
                fs.Position = dataStart + e.Begin;
                fs.ReadExactly(bytes);
                result.Add(e.Name, FromBytes(bytes, e.DType, e.Shape));
            }
        }
        catch
        {
            result.Dispose();
            throw;
        }
        return result;
    }

    /// <summary>
    /// Writes tensors to a safetensors file atomically (a temporary file renamed into place).
    /// Tensors are written contiguous, little-endian, from the CPU, in the dictionary's order.
    /// </summary>
    public static void Write(string path, IEnumerable<KeyValuePair<string, Tensor>> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        TorchRuntime.EnsureLoaded();
        var list = tensors.ToList();
        var header = new Dictionary<string, object>();
        if (metadata is { Count: > 0 }) header["__metadata__"] = metadata;
        var blobs = new List<byte[]>(list.Count);
        long offset = 0;
        foreach (var (name, tensor) in list)
        {
            if (name == "__metadata__") throw new ArgumentException("'__metadata__' is reserved and cannot be a tensor name.", nameof(tensors));
            var bytes = ToBytes(tensor, out var dtype);
            header[name] = new Dictionary<string, object>
            {
                ["dtype"] = dtype,
                ["shape"] = tensor.shape,
                ["data_offsets"] = new[] { offset, offset + bytes.Length },
            };
            offset += bytes.Length;
            blobs.Add(bytes);
        }
        var json = JsonSerializer.SerializeToUtf8Bytes(header);
        int padded = (json.Length + 7) / 8 * 8;
        AtomicFile.Write(path, stream =>
        {
            Span<byte> len = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(len, (ulong)padded);
            stream.Write(len);
            stream.Write(json);
            for (int i = json.Length; i < padded; i++) stream.WriteByte((byte)' ');
            foreach (var b in blobs) stream.Write(b);
        });
    }

    private readonly record struct Entry(string Name, string DType, long[] Shape, long Begin, long End);

    private static List<Entry> ParseHeader(string path, byte[] headerBytes, long dataLength, out IReadOnlyDictionary<string, string> metadata)
    {
        JsonDocument doc;
        try { doc = JsonDocument.Parse(headerBytes); }
        catch (JsonException ex) { throw new CheckpointFormatException(path, "the safetensors header is not valid JSON.", ex); }
        using var _ = doc;
        if (doc.RootElement.ValueKind != JsonValueKind.Object)
            throw new CheckpointFormatException(path, "the safetensors header must be a JSON object.");
        var meta = new Dictionary<string, string>();
        var entries = new List<Entry>();
        foreach (var prop in doc.RootElement.EnumerateObject())
        {
            if (prop.Name == "__metadata__")
            {
                if (prop.Value.ValueKind == JsonValueKind.Object)
                    foreach (var m in prop.Value.EnumerateObject())
                        meta[m.Name] = m.Value.ValueKind == JsonValueKind.String ? m.Value.GetString()! : m.Value.GetRawText();
                continue;
            }
            entries.Add(ParseEntry(path, prop));
        }
        // Offsets must lie inside the data and must not overlap; header order need not be data order.
        var byOffset = entries.OrderBy(e => e.Begin).ToList();
        long prevEnd = 0;
        string? prevName = null;
        foreach (var e in byOffset)
        {
            if (e.End > dataLength)
                throw new CheckpointFormatException(path, $"tensor '{e.Name}' ends at data offset {e.End} but the file holds only {dataLength} data bytes (truncated?).");
            if (e.Begin < prevEnd)
                throw new CheckpointFormatException(path, $"tensor '{e.Name}' [{e.Begin},{e.End}) overlaps tensor '{prevName}' ending at {prevEnd}.");
            prevEnd = e.End;
            prevName = e.Name;
        }
        metadata = meta;
        return entries;
    }

    private static Entry ParseEntry(string path, JsonProperty prop)
    {
        var v = prop.Value;
        if (v.ValueKind != JsonValueKind.Object
            || !v.TryGetProperty("dtype", out var dt) || dt.ValueKind != JsonValueKind.String
            || !v.TryGetProperty("shape", out var sh) || sh.ValueKind != JsonValueKind.Array
            || !v.TryGetProperty("data_offsets", out var off) || off.ValueKind != JsonValueKind.Array || off.GetArrayLength() != 2)
            throw new CheckpointFormatException(path, $"tensor '{prop.Name}': expected {{dtype, shape, data_offsets:[begin,end]}}.");
        var dtype = dt.GetString()!;
        int elemSize = ElementSize(dtype) ?? throw new CheckpointFormatException(path, $"tensor '{prop.Name}': unsupported dtype '{dtype}' (supported: F64, F32, F16, BF16, I64, I32, I16, I8, U8, BOOL).");
        var shape = new long[sh.GetArrayLength()];
        int i = 0;
        foreach (var d in sh.EnumerateArray())
        {
            if (!d.TryGetInt64(out var n) || n < 0) throw new CheckpointFormatException(path, $"tensor '{prop.Name}': shape entries must be non-negative integers.");
            shape[i++] = n;
        }
        // Checked: a shape such as [2^62] must not wrap to 0 bytes and pass as an empty tensor.
        long bytes;
        try
        {
            bytes = checked(shape.Aggregate(1L, (a, n) => a * n) * elemSize);
        }
        catch (OverflowException)
        {
            throw new CheckpointFormatException(path, $"tensor '{prop.Name}': {dtype} shape [{string.Join(", ", shape)}] has more than 2^63 bytes.");
        }
        if (!off[0].TryGetInt64(out var begin) || !off[1].TryGetInt64(out var end) || begin < 0 || end < begin)
            throw new CheckpointFormatException(path, $"tensor '{prop.Name}': data_offsets must be two non-negative integers with begin <= end.");
        if (end - begin != bytes)
            throw new CheckpointFormatException(path, $"tensor '{prop.Name}': {dtype} shape [{string.Join(", ", shape)}] needs {bytes} bytes but data_offsets span {end - begin}.");
        return new Entry(prop.Name, dtype, shape, begin, end);
    }

    internal static int? ElementSize(string dtype) => dtype switch
    {
        "F64" or "I64" => 8,
        "F32" or "I32" => 4,
        "F16" or "BF16" or "I16" => 2,
        "I8" or "U8" or "BOOL" => 1,
        _ => null,
    };

    internal static ScalarType ToScalarType(string dtype) => dtype switch
    {
        "F64" => ScalarType.Float64,
        "F32" => ScalarType.Float32,
        "F16" => ScalarType.Float16,
        "BF16" => ScalarType.BFloat16,
        "I64" => ScalarType.Int64,
        "I32" => ScalarType.Int32,
        "I16" => ScalarType.Int16,
        "I8" => ScalarType.Int8,
        "U8" => ScalarType.Byte,
        "BOOL" => ScalarType.Bool,
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "unsupported dtype"),
    };

    internal static string FromScalarType(ScalarType t) => t switch
    {
        ScalarType.Float64 => "F64",
        ScalarType.Float32 => "F32",
        ScalarType.Float16 => "F16",
        ScalarType.BFloat16 => "BF16",
        ScalarType.Int64 => "I64",
        ScalarType.Int32 => "I32",
        ScalarType.Int16 => "I16",
        ScalarType.Int8 => "I8",
        ScalarType.Byte => "U8",
        ScalarType.Bool => "BOOL",
        _ => throw new NotSupportedException($"dtype {t} cannot be written to safetensors."),
    };

    /// <summary>Builds a CPU tensor from little-endian raw bytes.</summary>
    internal static Tensor FromBytes(byte[] bytes, string dtype, long[] shape)
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("big-endian hosts are not supported.");
        var t = torch.empty(shape, ToScalarType(dtype));
        if (bytes.Length > 0) t.bytes = bytes;
        return t;
    }

    private static byte[] ToBytes(Tensor tensor, out string dtype)
    {
        dtype = FromScalarType(tensor.dtype);
        using var cpu = tensor.detach().cpu().contiguous();
        return cpu.bytes.ToArray();
    }
}
