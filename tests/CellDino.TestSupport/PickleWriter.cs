using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace CellDino.TestSupport;

/// <summary>
/// Emits pickle opcodes by hand (protocol 2, as torch.save writes them) so tests can build well-formed and
/// malformed torch.save archives byte by byte.
/// </summary>
public sealed class PickleWriter
{
    private readonly MemoryStream _s = new();

    public PickleWriter Op(byte op) { _s.WriteByte(op); return this; }
    public PickleWriter Raw(params byte[] bytes) { _s.Write(bytes); return this; }
    public PickleWriter Proto() => Raw(0x80, 2);
    public PickleWriter Mark() => Op((byte)'(');
    public PickleWriter EmptyDict() => Op((byte)'}');
    public PickleWriter EmptyList() => Op((byte)']');
    public PickleWriter EmptyTuple() => Op((byte)')');
    public PickleWriter Tuple() => Op((byte)'t');
    public PickleWriter SetItems() => Op((byte)'u');
    public PickleWriter SetItem() => Op((byte)'s');
    public PickleWriter Appends() => Op((byte)'e');
    public PickleWriter Reduce() => Op((byte)'R');
    public PickleWriter PersId() => Op((byte)'Q');
    public PickleWriter False() => Op(0x89);
    public PickleWriter True() => Op(0x88);
    public PickleWriter None() => Op((byte)'N');
    public PickleWriter Stop() => Op((byte)'.');
    public PickleWriter Put(byte i) => Raw((byte)'q', i);
    public PickleWriter Get(byte i) => Raw((byte)'h', i);
    public PickleWriter LongPut(uint i)
    {
        var b = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(b, i);
        return Op((byte)'r').Raw(b);
    }

    public PickleWriter Int(long v)
    {
        if (v is >= 0 and < 256) return Raw((byte)'K', (byte)v);
        if (v is >= int.MinValue and <= int.MaxValue)
        {
            Op((byte)'J');
            Span<byte> b = stackalloc byte[4];
            BinaryPrimitives.WriteInt32LittleEndian(b, (int)v);
            return Raw(b.ToArray());
        }
        Raw(0x8a, 8);
        var l = new byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(l, v);
        return Raw(l);
    }

    public PickleWriter Float(double v)
    {
        Op((byte)'G');
        var b = new byte[8];
        BinaryPrimitives.WriteDoubleBigEndian(b, v);
        return Raw(b);
    }

    public PickleWriter Str(string s)
    {
        var b = Encoding.UTF8.GetBytes(s);
        Op((byte)'X');
        var len = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(len, (uint)b.Length);
        return Raw(len).Raw(b);
    }

    public PickleWriter Bytes(byte[] b) => Raw((byte)'C', (byte)b.Length).Raw(b);

    public PickleWriter Global(string module, string name) => Op((byte)'c').Raw(Encoding.ASCII.GetBytes($"{module}\n{name}\n"));

    public PickleWriter LongTuple(params long[] values)
    {
        Mark();
        foreach (var v in values) Int(v);
        return Tuple();
    }

    /// <summary>Pushes a tensor exactly as torch.save does: _rebuild_tensor_v2((persid), offset, size, stride, False, OrderedDict()).</summary>
    public PickleWriter Tensor(string storageClass, string key, long storageNumel, long offset, long[] size, long[] stride)
    {
        Global("torch._utils", "_rebuild_tensor_v2");
        Mark();
        Mark().Str("storage").Global("torch", storageClass).Str(key).Str("cpu").Int(storageNumel).Tuple().PersId();
        Int(offset).LongTuple(size).LongTuple(stride).False();
        Global("collections", "OrderedDict").EmptyTuple().Reduce();
        Tuple();
        return Reduce();
    }

    public byte[] ToArray() => _s.ToArray();

    /// <summary>Writes a torch.save-style zip: archive/data.pkl, archive/data/&lt;key&gt; and archive/byteorder.</summary>
    public static void WriteZip(string path, byte[] pickle, IReadOnlyDictionary<string, byte[]>? storages = null, string byteOrder = "little")
    {
        using var fs = File.Create(path);
        using var zip = new ZipArchive(fs, ZipArchiveMode.Create);
        Add(zip, "archive/data.pkl", pickle);
        Add(zip, "archive/byteorder", Encoding.ASCII.GetBytes(byteOrder));
        foreach (var (k, v) in storages ?? new Dictionary<string, byte[]>()) Add(zip, $"archive/data/{k}", v);
        Add(zip, "archive/version", "3\n"u8.ToArray());
    }

    public static byte[] Floats(params float[] values)
    {
        var b = new byte[values.Length * 4];
        for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(b.AsSpan(4 * i), values[i]);
        return b;
    }

    private static void Add(ZipArchive zip, string name, byte[] data)
    {
        var e = zip.CreateEntry(name, CompressionLevel.NoCompression);
        using var s = e.Open();
        s.Write(data);
    }
}
