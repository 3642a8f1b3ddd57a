using System.IO.Compression;
using TorchSharp;
using static TorchSharp.torch;

namespace CellDino.Core.Checkpoints.Pickle;

/// <summary>
/// Gives the allowed torch globals their meaning while a torch.save archive is unpickled: storages are read
/// from <c>&lt;archive&gt;/data/&lt;key&gt;</c>, tensors are rebuilt from storage, offset, size and stride.
/// </summary>
/// <remarks>
/// Every tensor made here is tracked so that a failure part-way disposes them all. Storages are shared by
/// key, as in PyTorch; a tensor that views a whole contiguous storage aliases it, any other view is copied
/// out so that a small tensor never pins a large storage.
/// </remarks>
internal sealed class TorchPickleHost : IPickleHost, IDisposable
{
    private readonly string _path;
    private readonly ZipArchive _zip;
    private readonly string _prefix;
    private readonly bool _bigEndian;
    private readonly long _fileLength;
    private readonly Dictionary<string, (Tensor Data, ScalarType Type)> _storages = new(StringComparer.Ordinal);
    private readonly List<Tensor> _made = new();

    public TorchPickleHost(string path, ZipArchive zip, string prefix, bool bigEndian, long fileLength)
    {
        _fileLength = fileLength;
        _path = path;
        _zip = zip;
        _prefix = prefix;
        _bigEndian = bigEndian;
    }

    /// <summary>Disposes the storage handles (tensors that alias them keep the memory alive).</summary>
    public void Dispose()
    {
        foreach (var (data, _) in _storages.Values) data.Dispose();
        _storages.Clear();
    }

    /// <summary>Disposes every tensor rebuilt so far; used when unpickling fails.</summary>
    public void DisposeResults()
    {
        foreach (var t in _made) t.Dispose();
        _made.Clear();
    }

    public object? PersistentLoad(object? pid, long offset)
    {
        // torch.save writes ('storage', <StorageClass>, key, location, numel).
        if (pid is not object?[] { Length: 5 } t || t[0] is not "storage"
            || t[1] is not PickleGlobal { Kind: PickleGlobalKind.Storage } cls
            || t[2] is not string key || t[3] is not string || t[4] is not long numel || numel < 0)
            throw Fail(offset, "persistent id is not ('storage', <torch storage class>, key, location, numel).");
        if (_storages.TryGetValue(key, out var known))
        {
            if (known.Type != cls.StorageType || known.Data.numel() != numel)
                throw Fail(offset, $"storage '{key}' is referenced as {cls.FullName}[{numel}] but was first read as {known.Type}[{known.Data.numel()}].");
            return new TorchStorage(key, known.Data, known.Type);
        }
        var data = ReadStorage(key, cls.StorageType, numel, offset);
        _storages[key] = (data, cls.StorageType);
        return new TorchStorage(key, data, cls.StorageType);
    }

    public object? Call(PickleGlobal callable, object?[] args, long offset)
    {
        switch (callable.Kind)
        {
            case PickleGlobalKind.OrderedDict:
                if (args.Length != 0) throw Fail(offset, "collections.OrderedDict is only supported without arguments.");
                return new OrderedDictionary<string, object?>(StringComparer.Ordinal);
            case PickleGlobalKind.RebuildTensorV2:
                return RebuildTensor(args, offset);
            case PickleGlobalKind.RebuildParameter:
                // (data, requires_grad, backward_hooks): the data tensor is all a state dict needs.
                if (args.Length < 2 || args[0] is not Tensor data) throw Fail(offset, "torch._utils._rebuild_parameter expects (tensor, requires_grad, hooks).");
                return data;
            default:
                throw Fail(offset, $"{callable.FullName} cannot be called.");
        }
    }

    private Tensor RebuildTensor(object?[] args, long offset)
    {
        // (storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata])
        if (args.Length is < 4 or > 7 || args[0] is not TorchStorage storage || args[1] is not long storageOffset
            || args[2] is not object?[] sizeTuple || args[3] is not object?[] strideTuple)
            throw Fail(offset, "torch._utils._rebuild_tensor_v2 expects (storage, offset, size tuple, stride tuple, ...).");
        var size = Longs(sizeTuple, "size", offset);
        var stride = Longs(strideTuple, "stride", offset);
        if (size.Length != stride.Length) throw Fail(offset, $"tensor size has {size.Length} dimensions but stride has {stride.Length}.");
        if (storageOffset < 0 || size.Any(s => s < 0) || stride.Any(s => s < 0))
            throw Fail(offset, $"negative storage offset, size or stride (offset {storageOffset}, size [{string.Join(", ", size)}], stride [{string.Join(", ", stride)}]).");
        long storageNumel = storage.Data.numel();
        long numel = 1, last = storageOffset;
        try
        {
            checked
            {
                foreach (var s in size) numel *= s;
                for (int i = 0; i < size.Length; i++) if (size[i] > 0) last += (size[i] - 1) * stride[i];
            }
        }
        catch (OverflowException)
        {
            throw Fail(offset, $"tensor size [{string.Join(", ", size)}] with stride [{string.Join(", ", stride)}] overflows 64-bit element counts.");
        }
        // A view with more elements than its storage (stride 0, overlapping strides) would be materialized element by
        // element: 2^30 elements from a 16-byte storage. torch.save of a state dict never writes one.
        if (numel > storageNumel)
            throw Fail(offset, $"tensor of {numel} elements (size [{string.Join(", ", size)}], stride [{string.Join(", ", stride)}]) is larger than its storage '{storage.Key}' of {storageNumel} elements.");
        bool fits = numel == 0 ? storageOffset <= storageNumel : last < storageNumel;
        if (!fits)
            throw Fail(offset, $"storage '{storage.Key}' is too short: {storageNumel} elements, but size [{string.Join(", ", size)}], stride [{string.Join(", ", stride)}] at offset {storageOffset} reach element {last}.");
        using var view = storage.Data.as_strided(size, stride, storageOffset);
        bool whole = storageOffset == 0 && numel == storageNumel && view.is_contiguous();
        var result = whole ? view.alias() : view.contiguous().clone();
        _made.Add(result);
        return result;
    }

    private long[] Longs(object?[] tuple, string what, long offset)
    {
        var r = new long[tuple.Length];
        for (int i = 0; i < r.Length; i++)
            r[i] = tuple[i] as long? ?? throw Fail(offset, $"tensor {what} entry {i} is a {PickleMachine.Describe(tuple[i])}, expected an integer.");
        return r;
    }

    private Tensor ReadStorage(string key, ScalarType type, long numel, long offset)
    {
        var entryName = $"{_prefix}data/{key}";
        var entry = _zip.GetEntry(entryName) ?? throw Fail(offset, $"missing data entry '{entryName}' for storage '{key}'.");
        int elem = ElementSize(type);
        PthReader.RequireStored(_path, entry, _fileLength); // before torch.empty allocates what the entry declares
        long needed = numel > Array.MaxLength / elem ? long.MaxValue : numel * elem;
        if (entry.Length < needed)
            throw Fail(offset, $"storage '{key}' is too short: entry '{entryName}' holds {entry.Length} bytes but {numel} × {type} needs {needed}.");
        if (needed > Array.MaxLength) throw Fail(offset, $"storage '{key}' of {needed} bytes is too large to read.");
        // Straight into the tensor's own memory: no managed copy, so a storage costs its size once, not twice.
        var t = torch.empty(new[] { numel }, type);
        try
        {
            var bytes = t.bytes;
            using (var s = entry.Open())
            {
                try { s.ReadExactly(bytes); }
                catch (Exception ex) when (ex is EndOfStreamException or InvalidDataException)
                {
                    throw new CheckpointFormatException(_path, $"pickle offset {offset}: data entry '{entryName}' could not be read.", ex);
                }
            }
            if (_bigEndian && elem > 1)
                for (int i = 0; i < bytes.Length; i += elem) bytes.Slice(i, elem).Reverse();
        }
        catch
        {
            t.Dispose();
            throw;
        }
        return t;
    }

    private static int ElementSize(ScalarType t) => t switch
    {
        ScalarType.Float64 or ScalarType.Int64 => 8,
        ScalarType.Float32 or ScalarType.Int32 => 4,
        ScalarType.Float16 or ScalarType.BFloat16 or ScalarType.Int16 => 2,
        _ => 1,
    };

    private CheckpointFormatException Fail(long offset, string message) => new(_path, $"pickle offset {offset}: {message}");
}
