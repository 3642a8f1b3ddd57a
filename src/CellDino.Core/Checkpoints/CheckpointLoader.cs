using System.Text.RegularExpressions;

namespace CellDino.Core.Checkpoints;

/// <summary>
/// Loads a state dict from a PyTorch <c>.pth</c> or a <c>.safetensors</c> file, told apart by content, and
/// maps the DINOv2 / Cell-DINO key layouts onto plain module keys (see <see cref="CheckpointLoadOptions"/>).
/// </summary>
public static partial class CheckpointLoader
{
    /// <summary>
    /// Reads <paramref name="path"/> and returns the selected tensors under module key names, on the CPU in
    /// the file's dtype. Non-tensor entries (an <c>iteration</c> counter, optimizer hyper-parameters) are ignored.
    /// </summary>
    /// <exception cref="CheckpointFormatException">The file is unreadable, hostile, or the selection is empty or ambiguous.</exception>
    public static StateDict LoadStateDict(string path, CheckpointLoadOptions? options = null)
    {
        var raw = DetectFormat(path) switch
        {
            CheckpointFileFormat.TorchZip => PthReader.Read(path),
            _ => SafeTensors.Read(path),
        };
        return Select(raw, options, path);
    }

    /// <summary>Tells a torch.save zip from a safetensors file by their first bytes.</summary>
    /// <exception cref="CheckpointFormatException">The file is missing, empty, a legacy torch.save pickle, or neither format.</exception>
    public static CheckpointFileFormat DetectFormat(string path)
    {
        if (!File.Exists(path)) throw new CheckpointFormatException(path, "file not found.");
        Span<byte> head = stackalloc byte[9];
        int n;
        using (var fs = File.OpenRead(path)) n = fs.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        head = head[..n];
        if (head.StartsWith("PK\x03\x04"u8)) return CheckpointFileFormat.TorchZip;
        if (n >= 2 && head[0] == 0x80 && head[1] <= 5)
            throw new CheckpointFormatException(path, "legacy (pre-PyTorch 1.6) torch.save pickle; re-save it with torch.save(..., _use_new_zipfile_serialization=True) or as safetensors.");
        if (n == 9 && head[8] == (byte)'{') return CheckpointFileFormat.SafeTensors;
        throw new CheckpointFormatException(path, "neither a torch.save zip archive (starts 'PK') nor a safetensors file (8-byte length, then a JSON header).");
    }

    /// <summary>
    /// Applies <paramref name="options"/> to a state dict read from a file. Takes ownership of
    /// <paramref name="source"/>: its tensors move to the result or are disposed, and it is left empty.
    /// </summary>
    /// <param name="source">Tensors under the file's names.</param>
    /// <param name="options">Selection and renaming; null for <see cref="CheckpointLoadOptions.Backbone"/>.</param>
    /// <param name="path">The file, for messages.</param>
    /// <exception cref="CheckpointFormatException">An explicit wrapper or component selects nothing, or two keys map to one name.</exception>
    public static StateDict Select(StateDict source, CheckpointLoadOptions? options = null, string? path = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        var o = options ?? CheckpointLoadOptions.Backbone;
        var result = new StateDict();
        try
        {
            var plan = Plan(source.Keys.ToList(), o, path);
            foreach (var (key, tensor) in source)
            {
                if (!plan.TryGetValue(key, out var name)) { tensor.Dispose(); continue; }
                result.Add(name, tensor);
            }
            source.Clear();
            return result;
        }
        catch
        {
            result.Clear(); // the tensors still belong to source
            source.Dispose();
            throw;
        }
    }

    /// <summary>Maps each kept file key to its new name.</summary>
    internal static Dictionary<string, string> Plan(IReadOnlyList<string> keys, CheckpointLoadOptions o, string? path)
    {
        string wrapper = o.Wrapper ?? CheckpointLoadOptions.AutoWrappers.FirstOrDefault(w => keys.Any(k => k.StartsWith(w + ".", StringComparison.Ordinal))) ?? "";
        var stage1 = new List<(string Key, string Inner)>();
        foreach (var k in keys)
            if (TryStrip(k, wrapper, out var rest)) stage1.Add((k, StripModule(rest)));
        if (stage1.Count == 0) throw Empty(path, "wrapper", wrapper, keys);

        string component = o.Component ?? (stage1.Any(e => e.Inner.StartsWith("backbone.", StringComparison.Ordinal)) ? "backbone" : "");
        var plan = new Dictionary<string, string>(StringComparer.Ordinal);
        var byName = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, rest) in stage1)
        {
            if (!TryStrip(rest, component, out var inner)) continue;
            var name = o.StripPrefixes ? StripModule(inner) : key;
            if (o.Unchunk) name = ChunkedBlock().Replace(name, "${pre}blocks.${block}.");
            if (byName.TryGetValue(name, out var other))
                throw new CheckpointFormatException(path, $"keys '{other}' and '{key}' both map to '{name}'.");
            byName[name] = key;
            plan[key] = name;
        }
        if (plan.Count == 0) throw Empty(path, "component", component, stage1.Select(e => e.Inner).ToList());
        return plan;
    }

    private static bool TryStrip(string key, string prefix, out string rest)
    {
        if (prefix.Length == 0) { rest = key; return true; }
        if (key.Length > prefix.Length + 1 && key.StartsWith(prefix, StringComparison.Ordinal) && key[prefix.Length] == '.')
        {
            rest = key[(prefix.Length + 1)..];
            return true;
        }
        rest = key;
        return false;
    }

    private static string StripModule(string key)
    {
        while (key.StartsWith("module.", StringComparison.Ordinal)) key = key["module.".Length..];
        return key;
    }

    private static CheckpointFormatException Empty(string? path, string what, string prefix, IReadOnlyList<string> keys)
    {
        var tops = keys.Select(k => k.Split('.')[0]).Distinct(StringComparer.Ordinal).Take(20);
        return new CheckpointFormatException(path, $"no tensors under {what} '{prefix}.'; top-level names are: {string.Join(", ", tops)}.");
    }

    // DINOv2 with block_chunks > 0 nests each block in a chunk: blocks.{chunk}.{block}.… (both integers).
    [GeneratedRegex(@"(?<pre>^|\.)blocks\.\d+\.(?<block>\d+)\.", RegexOptions.CultureInvariant)]
    private static partial Regex ChunkedBlock();
}
