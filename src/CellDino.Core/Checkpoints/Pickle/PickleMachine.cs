using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace CellDino.Core.Checkpoints.Pickle;

/// <summary>
/// A restricted pickle interpreter for PyTorch checkpoints (protocols 2–5, the binary opcodes torch.save
/// emits). It builds plain data only: ordered dicts with string keys, lists, tuples (<c>object?[]</c>),
/// <see cref="long"/>, <see cref="double"/>, <see cref="bool"/>, <see cref="string"/>, <c>byte[]</c>, null,
/// and whatever the <see cref="IPickleHost"/> returns for persistent ids and allowed globals.
/// </summary>
/// <remarks>
/// Nothing named by the file is ever looked up or executed: a global that is not on
/// <see cref="PickleGlobal"/>'s allow-list is refused when the <c>GLOBAL</c>/<c>STACK_GLOBAL</c> opcode is
/// read, before any call could happen. Every length is checked against the bytes left, so a truncated or
/// hostile stream ends in a <see cref="CheckpointFormatException"/> naming the file and offset.
/// </remarks>
internal sealed class PickleMachine
{
    private readonly string _path;
    private readonly byte[] _data;
    private readonly IPickleHost _host;
    private readonly List<object?> _stack = new();
    private readonly Stack<int> _marks = new();
    private readonly Dictionary<long, object?> _memo = new();
    private int _pos;
    private int _opStart;

    public PickleMachine(string path, byte[] data, IPickleHost host)
    {
        _path = path;
        _data = data;
        _host = host;
    }

    /// <summary>Runs the stream to its <c>STOP</c> opcode and returns the object it built.</summary>
    public object? Run()
    {
        while (true)
        {
            if (_pos >= _data.Length) throw Fail($"truncated pickle: no STOP opcode before the end of its {_data.Length} bytes.");
            _opStart = _pos;
            byte op = _data[_pos++];
            switch (op)
            {
                case 0x80: // PROTO
                    int proto = ReadByte();
                    if (proto > 5) throw Fail($"unsupported pickle protocol {proto} (at most 5).");
                    break;
                case 0x95: ReadBytes(8); break; // FRAME: framing is only a buffering hint
                case (byte)'.': // STOP
                    if (_stack.Count != 1 || _marks.Count != 0) throw Fail($"STOP with {_stack.Count} objects on the stack (expected 1).");
                    return _stack[0];
                case (byte)'(':
                    if (_marks.Count >= MaxItems) throw Fail($"more than {MaxItems} nested marks.");
                    _marks.Push(_stack.Count);
                    break; // MARK
                case (byte)'0': Pop(); break; // POP
                case (byte)'1': PopMark(); break; // POP_MARK
                case (byte)'2': Push(Peek()); break; // DUP
                case (byte)'N': Push(null); break;
                case 0x88: Push(true); break; // NEWTRUE
                case 0x89: Push(false); break; // NEWFALSE
                case (byte)'J': Push((long)BinaryPrimitives.ReadInt32LittleEndian(ReadBytes(4))); break; // BININT
                case (byte)'K': Push((long)ReadByte()); break; // BININT1
                case (byte)'M': Push((long)BinaryPrimitives.ReadUInt16LittleEndian(ReadBytes(2))); break; // BININT2
                case 0x8a: Push(ReadLong(ReadByte())); break; // LONG1
                case 0x8b: Push(ReadLong(ReadLength(4))); break; // LONG4
                case (byte)'G': Push(BinaryPrimitives.ReadDoubleBigEndian(ReadBytes(8))); break; // BINFLOAT
                case (byte)'X': Push(ReadUtf8(ReadLength(4))); break; // BINUNICODE
                case 0x8c: Push(ReadUtf8(ReadByte())); break; // SHORT_BINUNICODE
                case 0x8d: Push(ReadUtf8(ReadLength(8))); break; // BINUNICODE8
                case (byte)'B': Push(ReadBytes(ReadLength(4)).ToArray()); break; // BINBYTES
                case (byte)'C': Push(ReadBytes(ReadByte()).ToArray()); break; // SHORT_BINBYTES
                case 0x8e: Push(ReadBytes(ReadLength(8)).ToArray()); break; // BINBYTES8
                case (byte)'}': Push(NewDict()); break; // EMPTY_DICT
                case (byte)']': Push(new List<object?>()); break; // EMPTY_LIST
                case (byte)')': Push(Array.Empty<object?>()); break; // EMPTY_TUPLE
                case (byte)'t': Push(PopMark().ToArray()); break; // TUPLE
                case 0x85: Push(new[] { Pop() }); break; // TUPLE1
                case 0x86: { var b = Pop(); var a = Pop(); Push(new[] { a, b }); break; } // TUPLE2
                case 0x87: { var c = Pop(); var b = Pop(); var a = Pop(); Push(new[] { a, b, c }); break; } // TUPLE3
                case (byte)'l': Push(PopMark()); break; // LIST
                case (byte)'d': { var items = PopMark(); var d = NewDict(); SetItems(d, items); Push(d); break; } // DICT
                case (byte)'a': { var v = Pop(); AsList(Peek()).Add(v); break; } // APPEND
                case (byte)'e': { var items = PopMark(); AsList(Peek()).AddRange(items); break; } // APPENDS
                case (byte)'s': { var v = Pop(); var k = Pop(); SetItems(AsDict(Peek()), [k, v]); break; } // SETITEM
                case (byte)'u': { var items = PopMark(); SetItems(AsDict(Peek()), items); break; } // SETITEMS
                case (byte)'q': Memo(ReadByte()); break; // BINPUT
                case (byte)'r': Memo(BinaryPrimitives.ReadUInt32LittleEndian(ReadBytes(4))); break; // LONG_BINPUT
                case 0x94: Memo(_memo.Count); break; // MEMOIZE
                case (byte)'h': Push(MemoGet(ReadByte())); break; // BINGET
                case (byte)'j': Push(MemoGet(BinaryPrimitives.ReadUInt32LittleEndian(ReadBytes(4)))); break; // LONG_BINGET
                case (byte)'c': Push(Resolve(ReadLine(), ReadLine())); break; // GLOBAL
                case 0x93: // STACK_GLOBAL
                {
                    var name = Pop() as string ?? throw Fail("STACK_GLOBAL expects two strings (module, name).");
                    var module = Pop() as string ?? throw Fail("STACK_GLOBAL expects two strings (module, name).");
                    Push(Resolve(module, name));
                    break;
                }
                case (byte)'R': // REDUCE
                {
                    var args = Pop() as object?[] ?? throw Fail("REDUCE expects an argument tuple.");
                    var callable = Pop() as PickleGlobal ?? throw Fail("REDUCE expects an allowed global to call.");
                    Push(_host.Call(callable, args, _opStart));
                    break;
                }
                case 0x81: // NEWOBJ: cls.__new__(cls, *args), only meaningful here for OrderedDict
                {
                    var args = Pop() as object?[] ?? throw Fail("NEWOBJ expects an argument tuple.");
                    var cls = Pop() as PickleGlobal ?? throw Fail("NEWOBJ expects an allowed class.");
                    Push(_host.Call(cls, args, _opStart));
                    break;
                }
                case (byte)'b': Build(Pop(), Peek()); break; // BUILD
                case (byte)'Q': Push(_host.PersistentLoad(Pop(), _opStart)); break; // BINPERSID
                default:
                    throw Fail($"unknown or unsupported pickle opcode 0x{op:X2} ('{(op >= 0x20 && op < 0x7f ? (char)op : '?')}').");
            }
        }
    }

    /// <summary>A format error at the current opcode.</summary>
    internal CheckpointFormatException Fail(string message) =>
        new(_path, $"pickle offset {_opStart}: {message}");

    private static OrderedDictionary<string, object?> NewDict() => new(StringComparer.Ordinal);

    private PickleGlobal Resolve(string module, string name) =>
        PickleGlobal.Find(module, name)
        ?? throw Fail($"refused global '{module}.{name}': only tensor-rebuilding globals are allowed ({string.Join(", ", PickleGlobal.AllowedNames)}); nothing was executed.");

    private void Build(object? state, object? target)
    {
        // PyTorch pickles a state_dict's OrderedDict with its '_metadata' attribute as BUILD state.
        // Attributes carry no tensors, so the state is dropped.
        if (target is OrderedDictionary<string, object?>) return;
        throw Fail($"BUILD on a {Describe(target)} is not supported (only dict attribute state is).");
    }

    private void SetItems(OrderedDictionary<string, object?> dict, List<object?> items)
    {
        if (items.Count % 2 != 0) throw Fail($"SETITEMS with an odd number ({items.Count}) of keys and values.");
        for (int i = 0; i < items.Count; i += 2) dict[Key(items[i])] = items[i + 1];
    }

    // Non-string keys (optimizer state uses ints) become their invariant text; anything else is refused.
    private string Key(object? key) => key switch
    {
        string s => s,
        long l => l.ToString(CultureInfo.InvariantCulture),
        bool b => b ? "True" : "False",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        null => "None",
        _ => throw Fail($"dict key of type {Describe(key)} is not supported (expected a string or number)."),
    };

    private List<object?> AsList(object? o) => o as List<object?> ?? throw Fail($"APPEND target is a {Describe(o)}, expected a list.");

    private OrderedDictionary<string, object?> AsDict(object? o) =>
        o as OrderedDictionary<string, object?> ?? throw Fail($"SETITEM target is a {Describe(o)}, expected a dict.");

    internal static string Describe(object? o) => o switch
    {
        null => "None",
        object?[] t => $"tuple of {t.Length}",
        _ => o.GetType().Name,
    };

    private object? MemoGet(long index) =>
        _memo.TryGetValue(index, out var v) ? v : throw Fail($"memo index {index} was never stored.");

    /// <summary>Stack, mark and memo entries one pickle may hold: a state dict needs a few thousand; a bomb needs 10^9.</summary>
    internal const int MaxItems = 1 << 20;

    private void Push(object? o)
    {
        if (_stack.Count >= MaxItems) throw Fail($"more than {MaxItems} items on the pickle stack (not a state dict).");
        _stack.Add(o);
    }

    private void Memo(long key)
    {
        if (_memo.Count >= MaxItems && !_memo.ContainsKey(key)) throw Fail($"more than {MaxItems} memo entries (not a state dict).");
        _memo[key] = Peek();
    }

    private object? Peek()
    {
        int floor = _marks.Count > 0 ? _marks.Peek() : 0;
        if (_stack.Count <= floor) throw Fail("stack underflow.");
        return _stack[^1];
    }

    private object? Pop()
    {
        var o = Peek();
        _stack.RemoveAt(_stack.Count - 1);
        return o;
    }

    private List<object?> PopMark()
    {
        if (_marks.Count == 0) throw Fail("no MARK on the stack.");
        int m = _marks.Pop();
        var items = _stack.GetRange(m, _stack.Count - m);
        _stack.RemoveRange(m, _stack.Count - m);
        return items;
    }

    private byte ReadByte() => ReadBytes(1)[0];

    private ReadOnlySpan<byte> ReadBytes(long n)
    {
        if (n < 0 || n > _data.Length - _pos)
            throw Fail($"truncated pickle: opcode needs {n} more bytes but {_data.Length - _pos} remain.");
        var span = _data.AsSpan(_pos, (int)n);
        _pos += (int)n;
        return span;
    }

    private long ReadLength(int width)
    {
        var b = ReadBytes(width);
        ulong u = width == 4 ? BinaryPrimitives.ReadUInt32LittleEndian(b) : BinaryPrimitives.ReadUInt64LittleEndian(b);
        long n = u > long.MaxValue ? long.MaxValue : (long)u;
        if (n > _data.Length - _pos) throw Fail($"truncated pickle: length {n} exceeds the {_data.Length - _pos} bytes left.");
        return n;
    }

    private long ReadLong(long n)
    {
        if (n > 8) throw Fail($"integer of {n} bytes does not fit 64 bits.");
        var b = ReadBytes(n);
        if (n == 0) return 0;
        long v = 0;
        for (int i = (int)n - 1; i >= 0; i--) v = (v << 8) | b[i];
        // Two's complement sign extension from n bytes.
        if (n < 8 && (b[(int)n - 1] & 0x80) != 0) v -= 1L << (int)(8 * n);
        return v;
    }

    private string ReadUtf8(long n)
    {
        try { return new UTF8Encoding(false, true).GetString(ReadBytes(n)); }
        catch (DecoderFallbackException ex) { throw new CheckpointFormatException(_path, $"pickle offset {_opStart}: string is not valid UTF-8.", ex); }
    }

    private string ReadLine()
    {
        int end = Array.IndexOf(_data, (byte)'\n', _pos);
        if (end < 0) throw Fail("truncated pickle: GLOBAL name has no terminating newline.");
        var s = Encoding.ASCII.GetString(_data, _pos, end - _pos);
        _pos = end + 1;
        return s;
    }
}
