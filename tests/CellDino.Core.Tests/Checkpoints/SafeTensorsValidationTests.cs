using System.Buffers.Binary;
using System.Text;
using CellDino.Core.Checkpoints;

namespace CellDino.Core.Tests.Checkpoints;

/// <summary>Hand-written safetensors files whose headers do not agree with their data.</summary>
public sealed class SafeTensorsValidationTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Write(string header, int dataBytes, ulong? declaredLength = null)
    {
        var json = Encoding.UTF8.GetBytes(header);
        var path = _dir.File(Guid.NewGuid().ToString("N") + ".safetensors");
        using var fs = File.Create(path);
        var len = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(len, declaredLength ?? (ulong)json.Length);
        fs.Write(len);
        fs.Write(json);
        fs.Write(new byte[dataBytes]);
        return path;
    }

    private static string Refusal(string path) => Assert.Throws<CheckpointFormatException>(() => SafeTensors.Read(path)).Message;

    [Fact]
    public void A_consistent_hand_written_file_reads()
    {
        var path = Write("""{"__metadata__":{"format":"pt"},"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"I64","shape":[1],"data_offsets":[8,16]}}""", 16);
        using var sd = SafeTensors.Read(path, out var meta);
        Assert.Equal(new[] { "a", "b" }, sd.Keys);
        Assert.Equal("pt", meta["format"]);
        Assert.Equal(CheckpointFileFormat.SafeTensors, CheckpointLoader.DetectFormat(path));
    }

    [Fact]
    public void Offsets_outside_the_file_are_refused()
    {
        var msg = Refusal(Write("""{"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}}""", 8));
        Assert.Contains("'a'", msg);
        Assert.Contains("truncated", msg);
    }

    [Theory]
    [InlineData("[4611686018427387904]")] // 2^62 x 4 bytes wraps to 0 in unchecked arithmetic
    [InlineData("[4294967296, 4294967296]")] // the element count itself overflows
    public void Shapes_whose_byte_count_overflows_are_refused_not_read_as_empty(string shape)
    {
        var msg = Refusal(Write("{\"a\":{\"dtype\":\"F32\",\"shape\":" + shape + ",\"data_offsets\":[0,0]}}", 0));
        Assert.Contains("'a'", msg);
        Assert.Contains("more than 2^63 bytes", msg);
    }

    [Fact]
    public void Overlapping_tensors_are_refused()
    {
        var msg = Refusal(Write("""{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}""", 12));
        Assert.Contains("overlaps", msg);
    }

    [Fact]
    public void Byte_spans_that_disagree_with_dtype_and_shape_are_refused()
    {
        var msg = Refusal(Write("""{"a":{"dtype":"F16","shape":[3],"data_offsets":[0,8]}}""", 8));
        Assert.Contains("needs 6 bytes", msg);
        Assert.Contains("unsupported dtype 'Q8'", Refusal(Write("""{"a":{"dtype":"Q8","shape":[1],"data_offsets":[0,1]}}""", 1)));
        Assert.Contains("non-negative", Refusal(Write("""{"a":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}}""", 4)));
    }

    [Fact]
    public void Header_length_beyond_the_file_is_refused()
    {
        var msg = Refusal(Write("""{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}""", 4, declaredLength: 1UL << 40));
        Assert.Contains("header length", msg);
        Assert.Contains("valid JSON", Refusal(Write("{not json", 0)));
    }
}
