using System.IO.Compression;
using System.Text;
using CellDino.Core.Checkpoints.Pickle;
using static TorchSharp.torch;

namespace CellDino.Core.Checkpoints;

/// <summary>
/// Reads PyTorch <c>.pth</c> files written by <c>torch.save</c> (the zip format of PyTorch 1.6 and later)
/// without Python and without executing anything from the file.
/// </summary>
/// <remarks>
/// The archive holds <c>&lt;name&gt;/data.pkl</c> (a pickle of the saved object), one
/// <c>&lt;name&gt;/data/&lt;key&gt;</c> entry of raw bytes per tensor storage and optionally
/// <c>&lt;name&gt;/byteorder</c>. The pickle is interpreted by a restricted machine that knows only the
/// globals torch uses to rebuild tensors (<c>torch._utils._rebuild_tensor_v2</c>,
/// <c>torch._utils._rebuild_parameter</c>, <c>collections.OrderedDict</c> and the typed
/// <c>torch.*Storage</c> classes); any other global, such as <c>os.system</c>, is refused when it is named.
/// Tensors come back on the CPU, in the file's dtype.
/// </remarks>
public static class PthReader
{
    // A state-dict pickle is small (ViT-g's is ~100 KB); tensor bytes live in the data/ entries.
    private const long MaxPickleBytes = 64L << 20;
    private const int MaxDepth = 64;

    /// <summary>
    /// Reads every tensor of a <c>.pth</c> file into a flat state dict. Nested dicts, lists and tuples are
    /// flattened with dotted names (<c>{"teacher": {"backbone.x": t}}</c> gives <c>teacher.backbone.x</c>);
    /// entries that are not tensors, such as an <c>iteration</c> counter, are left out.
    /// </summary>
    /// <exception cref="CheckpointFormatException">The file is not a torch.save archive, is malformed, or names a refused global.</exception>
    public static StateDict Read(string path)
    {
        var tree = ReadObject(path);
        try
        {
            if (tree is not OrderedDictionary<string, object?>)
                throw new CheckpointFormatException(path, $"expected the saved object to be a dict of tensors, found a {PickleMachine.Describe(tree)}.");
            var result = new StateDict();
            try { Flatten(path, "", tree, result, new HashSet<object>(ReferenceEqualityComparer.Instance)); }
            catch { result.Dispose(); throw; }
            return result;
        }
        finally
        {
            // Flatten took aliases of every tensor it kept, so the tree's own handles can go.
            DisposeTree(tree);
        }
    }

    /// <summary>
    /// Unpickles the object a <c>.pth</c> file holds: <see cref="OrderedDictionary{TKey, TValue}"/> (string
    /// keys, file order) for dicts, <see cref="List{T}"/> for lists, <c>object?[]</c> for tuples,
    /// <see cref="long"/>, <see cref="double"/>, <see cref="bool"/>, <see cref="string"/>, <c>byte[]</c>,
    /// null and CPU <see cref="Tensor"/>s. The caller owns the tensors (see <see cref="DisposeTree"/>).
    /// </summary>
    /// <exception cref="CheckpointFormatException">The file is not a torch.save archive, is malformed, or names a refused global.</exception>
    public static object? ReadObject(string path)
    {
        TorchRuntime.EnsureLoaded();
        if (!File.Exists(path)) throw new CheckpointFormatException(path, "file not found.");
        ZipArchive zip;
        try { zip = ZipFile.OpenRead(path); }
        catch (InvalidDataException ex)
        {
            throw new CheckpointFormatException(path, "not a torch.save zip archive (files from torch.save before PyTorch 1.6 must be re-saved).", ex);
        }
        using (zip)
        {
            var pkl = FindPickle(path, zip);
            string prefix = pkl.FullName[..^"data.pkl".Length];
            long fileLength = new FileInfo(path).Length;
            bool bigEndian = ReadByteOrder(path, zip, prefix, fileLength);
            var pickle = ReadEntry(path, pkl, MaxPickleBytes, fileLength);
            using var host = new TorchPickleHost(path, zip, prefix, bigEndian, fileLength);
            try
            {
                return new PickleMachine(path, pickle, host).Run();
            }
            catch
            {
                host.DisposeResults();
                throw;
            }
        }
    }

    /// <summary>Disposes every tensor inside an object returned by <see cref="ReadObject"/>.</summary>
    public static void DisposeTree(object? tree)
    {
        // Iterative with a visited set: a pickle can make containers that hold themselves.
        var visited = new HashSet<object>(ReferenceEqualityComparer.Instance);
        var pending = new Stack<object?>();
        pending.Push(tree);
        while (pending.Count > 0)
        {
            var node = pending.Pop();
            if (node is null || !visited.Add(node)) continue;
            switch (node)
            {
                case Tensor t: t.Dispose(); break;
                case OrderedDictionary<string, object?> d: foreach (var v in d.Values) pending.Push(v); break;
                case List<object?> l: foreach (var v in l) pending.Push(v); break;
                case object?[] a: foreach (var v in a) pending.Push(v); break;
            }
        }
    }

    private static void Flatten(string path, string prefix, object? node, StateDict into, HashSet<object> seen, int depth = 0)
    {
        // Bounded so that a self-containing or absurdly nested object cannot exhaust the stack.
        if (depth > MaxDepth) throw new CheckpointFormatException(path, $"objects nested deeper than {MaxDepth} levels at '{prefix}' (a cycle?).");
        // A state dict is a tree: a non-empty container reached twice is a DAG whose paths can number 2^48.
        if (node is System.Collections.ICollection { Count: > 0 } && !seen.Add(node))
            throw new CheckpointFormatException(path, $"the container at '{prefix}' is reached a second time; a state dict is a tree, not a shared or cyclic structure.");
        switch (node)
        {
            case Tensor t:
                if (into.ContainsKey(prefix)) throw new CheckpointFormatException(path, $"two tensors flatten to the same name '{prefix}'.");
                // A tensor reachable twice (memo reference) gets one handle per name, so each can be disposed.
                into.Add(prefix, t.alias());
                break;
            case OrderedDictionary<string, object?> d:
                foreach (var (k, v) in d) Flatten(path, Join(prefix, k), v, into, seen, depth + 1);
                break;
            case List<object?> l:
                for (int i = 0; i < l.Count; i++) Flatten(path, Join(prefix, i.ToString(System.Globalization.CultureInfo.InvariantCulture)), l[i], into, seen, depth + 1);
                break;
            case object?[] a:
                for (int i = 0; i < a.Length; i++) Flatten(path, Join(prefix, i.ToString(System.Globalization.CultureInfo.InvariantCulture)), a[i], into, seen, depth + 1);
                break;
        }
    }

    private static string Join(string prefix, string key) => prefix.Length == 0 ? key : $"{prefix}.{key}";

    private static ZipArchiveEntry FindPickle(string path, ZipArchive zip)
    {
        // torch.save names the archive's top folder after the file; any single folder is accepted.
        var candidates = zip.Entries
            .Where(e => e.FullName.EndsWith("/data.pkl", StringComparison.Ordinal) && e.FullName.IndexOf('/') == e.FullName.Length - "/data.pkl".Length)
            .ToList();
        return candidates.Count switch
        {
            1 => candidates[0],
            0 => throw new CheckpointFormatException(path, "no '<archive>/data.pkl' entry: not a torch.save archive."),
            _ => throw new CheckpointFormatException(path, $"{candidates.Count} data.pkl entries; a torch.save archive has exactly one."),
        };
    }

    private static bool ReadByteOrder(string path, ZipArchive zip, string prefix, long fileLength)
    {
        var entry = zip.GetEntry(prefix + "byteorder");
        if (entry is null) return false; // older writers omit it: little-endian
        var text = Encoding.ASCII.GetString(ReadEntry(path, entry, 16, fileLength)).Trim();
        return text switch
        {
            "little" => false,
            "big" => true,
            _ => throw new CheckpointFormatException(path, $"byteorder entry says '{text}', expected 'little' or 'big'."),
        };
    }

    /// <summary>
    /// torch.save writes every record stored (uncompressed), so a compressed entry is not its output; refusing it, and
    /// any entry that declares more bytes than the whole file holds, keeps every allocation bounded by the file's own
    /// size (no deflate bomb: 1 MB expanding to 1 GiB; no central directory forged to declare a 2 GB storage in a 1 MB file).
    /// </summary>
    internal static void RequireStored(string path, ZipArchiveEntry entry, long fileLength)
    {
        if (entry.CompressedLength != entry.Length)
            throw new CheckpointFormatException(path, $"entry '{entry.FullName}' is compressed ({entry.CompressedLength} bytes for {entry.Length}); torch.save stores its records uncompressed.");
        if (entry.Length > fileLength)
            throw new CheckpointFormatException(path, $"entry '{entry.FullName}' declares {entry.Length} bytes but the whole file has {fileLength}: a forged or truncated archive.");
    }

    private static byte[] ReadEntry(string path, ZipArchiveEntry entry, long maxBytes, long fileLength)
    {
        if (entry.Length > maxBytes) throw new CheckpointFormatException(path, $"entry '{entry.FullName}' is {entry.Length} bytes, more than the {maxBytes} allowed.");
        RequireStored(path, entry, fileLength);
        var bytes = new byte[entry.Length];
        try
        {
            using var s = entry.Open();
            s.ReadExactly(bytes);
        }
        catch (Exception ex) when (ex is EndOfStreamException or InvalidDataException)
        {
            throw new CheckpointFormatException(path, $"entry '{entry.FullName}' could not be read.", ex);
        }
        return bytes;
    }
}
