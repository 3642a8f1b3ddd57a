using CellDino.Core.Checkpoints;
using CellDino.TestSupport;
using static TorchSharp.torch;

namespace CellDino.Core.Tests.Checkpoints;

/// <summary>torch.save archives built opcode by opcode: what the reader accepts and what it refuses.</summary>
public sealed class HandBuiltPickleTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Write(PickleWriter w, Dictionary<string, byte[]>? storages = null, string name = "t.pth", string byteOrder = "little")
    {
        var path = _dir.File(name);
        PickleWriter.WriteZip(path, w.ToArray(), storages, byteOrder);
        return path;
    }

    private static Dictionary<string, byte[]> Six() => new() { ["0"] = PickleWriter.Floats(0, 1, 2, 3, 4, 5) };

    [Fact]
    public void A_storage_is_read_straight_into_its_tensor_without_a_managed_copy()
    {
        const int n = 1 << 20; // 4 MiB of float32
        var floats = new float[n];
        for (int i = 0; i < n; i++) floats[i] = i % 977;
        var bytes = new byte[n * 4];
        Buffer.BlockCopy(floats, 0, bytes, 0, bytes.Length);
        var w = new PickleWriter().Proto().EmptyDict().Mark().Str("w").Tensor("FloatStorage", "0", n, 0, [n], [1]).SetItems().Stop();
        var path = Write(w, new() { ["0"] = bytes });
        long before = GC.GetAllocatedBytesForCurrentThread();
        var tree = PthReader.ReadObject(path);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        try
        {
            var t = Assert.IsAssignableFrom<Tensor>(Assert.IsType<OrderedDictionary<string, object?>>(tree)["w"]);
            Assert.Equal(976f, t[976].item<float>());
            Assert.Equal(floats[n - 1], t[n - 1].item<float>());
            Assert.True(allocated < bytes.Length / 2, $"reading a {bytes.Length}-byte storage allocated {allocated} managed bytes");
        }
        finally
        {
            PthReader.DisposeTree(tree);
        }
    }

    [Fact]
    public void Plain_values_tensors_and_strided_views_are_rebuilt()
    {
        var w = new PickleWriter().Proto().EmptyDict().Mark()
            .Str("t").Tensor("FloatStorage", "0", 6, 0, [2, 3], [3, 1])
            // A transposed view of the same storage: size (3, 2), stride (1, 3).
            .Str("tt").Tensor("FloatStorage", "0", 6, 0, [3, 2], [1, 3])
            // An offset slice: elements 2..4.
            .Str("slice").Tensor("FloatStorage", "0", 6, 2, [3], [1])
            .Str("n").Int(-7).Str("big").Int(1L << 40).Str("x").Float(0.25).Str("b").True().Str("s").Str("µm")
            .Str("raw").Bytes([1, 2, 3]).Str("none").None()
            .Str("list").EmptyList().Mark().Int(1).Int(2).Appends()
            .SetItems().Stop();
        var tree = PthReader.ReadObject(Write(w, Six()));
        try
        {
            var d = Assert.IsType<OrderedDictionary<string, object?>>(tree);
            Assert.Equal(new[] { "t", "tt", "slice", "n", "big", "x", "b", "s", "raw", "none", "list" }, d.Keys);
            var t = Assert.IsAssignableFrom<Tensor>(d["t"]);
            Assert.Equal(new float[] { 0, 1, 2, 3, 4, 5 }, t.data<float>().ToArray());
            var tt = Assert.IsAssignableFrom<Tensor>(d["tt"]);
            Assert.Equal(new long[] { 3, 2 }, tt.shape);
            Assert.True(tt.is_contiguous());
            Assert.Equal(new float[] { 0, 3, 1, 4, 2, 5 }, tt.data<float>().ToArray());
            Assert.Equal(new float[] { 2, 3, 4 }, Assert.IsAssignableFrom<Tensor>(d["slice"]).data<float>().ToArray());
            Assert.Equal(-7L, d["n"]);
            Assert.Equal(1L << 40, d["big"]);
            Assert.Equal(0.25, d["x"]);
            Assert.Equal(true, d["b"]);
            Assert.Equal("µm", d["s"]);
            Assert.Equal(new byte[] { 1, 2, 3 }, d["raw"]);
            Assert.Null(d["none"]);
            Assert.Equal(new List<object?> { 1L, 2L }, d["list"]);
        }
        finally
        {
            PthReader.DisposeTree(tree);
        }
    }

    [Fact]
    public void Parameters_bfloat16_storages_and_newobj_ordered_dicts_are_read()
    {
        // bf16 is the upper half of float32: 1.5f = 0x3FC0, -2f = 0xC000 (little-endian bytes).
        var w = new PickleWriter().Proto()
            .Global("collections", "OrderedDict").EmptyTuple().Op(0x81) // NEWOBJ
            .Str("p").Global("torch._utils", "_rebuild_parameter").Mark()
            .Tensor("BFloat16Storage", "0", 2, 0, [2], [1]).True().Global("collections", "OrderedDict").EmptyTuple().Reduce()
            .Tuple().Reduce().SetItem().Stop();
        using var sd = PthReader.Read(Write(w, new() { ["0"] = [0xC0, 0x3F, 0x00, 0xC0] }));
        Assert.Equal(ScalarType.BFloat16, sd["p"].dtype);
        Assert.Equal(new float[] { 1.5f, -2f }, sd["p"].to(ScalarType.Float32).data<float>().ToArray());
    }

    [Fact]
    public void Big_endian_storages_are_byte_swapped()
    {
        var be = new byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteSingleBigEndian(be, 1.5f);
        System.Buffers.Binary.BinaryPrimitives.WriteSingleBigEndian(be.AsSpan(4), -2f);
        var w = new PickleWriter().Proto().EmptyDict().Str("t").Tensor("FloatStorage", "0", 2, 0, [2], [1]).SetItem().Stop();
        using var sd = PthReader.Read(Write(w, new() { ["0"] = be }, byteOrder: "big"));
        Assert.Equal(new float[] { 1.5f, -2f }, sd["t"].data<float>().ToArray());
    }

    [Fact]
    public void Truncated_pickle_is_refused()
    {
        var full = new PickleWriter().Proto().EmptyDict().Str("t").Tensor("FloatStorage", "0", 6, 0, [6], [1]).SetItem().Stop().ToArray();
        foreach (int cut in new[] { 1, 9, full.Length / 2, full.Length - 1 })
        {
            var w = new PickleWriter().Raw(full[..cut]);
            var ex = Assert.Throws<CheckpointFormatException>(() => PthReader.Read(Write(w, Six(), name: $"cut{cut}.pth")));
            Assert.Contains("truncated", ex.Message);
            Assert.Contains($"cut{cut}.pth", ex.Message);
        }
    }

    [Fact]
    public void Unknown_opcode_is_refused_with_its_byte_and_offset()
    {
        var w = new PickleWriter().Proto().Raw(0xFF).Stop();
        var ex = Assert.Throws<CheckpointFormatException>(() => PthReader.Read(Write(w)));
        Assert.Contains("0xFF", ex.Message);
        Assert.Contains("offset 2", ex.Message);
    }

    [Fact]
    public void Forbidden_globals_are_refused_before_any_call()
    {
        // builtins.eval("...") via GLOBAL + REDUCE.
        var g = new PickleWriter().Proto().Global("builtins", "eval").Str("__import__('os').system('true')").Op(0x85).Reduce().Stop();
        var ex = Assert.Throws<CheckpointFormatException>(() => PthReader.ReadObject(Write(g, name: "eval.pth")));
        Assert.Contains("'builtins.eval'", ex.Message);
        Assert.Contains("offset 2", ex.Message); // the GLOBAL opcode itself, not the REDUCE after it

        // The same through STACK_GLOBAL (protocol 4) and through a name that only looks like torch.
        var sg = new PickleWriter().Proto().Str("os").Str("system").Op(0x93).Stop();
        Assert.Contains("'os.system'", Assert.Throws<CheckpointFormatException>(() => PthReader.ReadObject(Write(sg, name: "sg.pth"))).Message);
        var fake = new PickleWriter().Proto().Global("torch", "load").Stop();
        Assert.Contains("'torch.load'", Assert.Throws<CheckpointFormatException>(() => PthReader.ReadObject(Write(fake, name: "fake.pth"))).Message);
    }

    [Fact]
    public void Storage_too_short_for_size_stride_and_offset_is_refused()
    {
        // 6 elements; a [2, 3] view at offset 1 would reach element 6.
        var w = new PickleWriter().Proto().EmptyDict().Str("t").Tensor("FloatStorage", "0", 6, 1, [2, 3], [3, 1]).SetItem().Stop();
        var ex = Assert.Throws<CheckpointFormatException>(() => PthReader.Read(Write(w, Six())));
        Assert.Contains("too short", ex.Message);
        Assert.Contains("'0'", ex.Message);

        // The persistent id claims 6 floats but the data entry holds 5.
        var w2 = new PickleWriter().Proto().EmptyDict().Str("t").Tensor("FloatStorage", "0", 6, 0, [6], [1]).SetItem().Stop();
        var ex2 = Assert.Throws<CheckpointFormatException>(() => PthReader.Read(Write(w2, new() { ["0"] = PickleWriter.Floats(0, 1, 2, 3, 4) }, name: "short.pth")));
        Assert.Contains("too short", ex2.Message);
        Assert.Contains("20 bytes", ex2.Message);
    }

    [Fact]
    public void A_view_larger_than_its_storage_is_refused_not_materialized()
    {
        // Stride 0 over 6 floats: 2^30 elements (4 GiB once made contiguous) from 24 bytes.
        var w = new PickleWriter().Proto().EmptyDict().Str("t").Tensor("FloatStorage", "0", 6, 0, [1L << 30], [0]).SetItem().Stop();
        var ex = Assert.Throws<CheckpointFormatException>(() => PthReader.Read(Write(w, Six())));
        Assert.Contains("larger than its storage '0' of 6 elements", ex.Message);
        // Sizes whose product overflows 64 bits: one format error, not a bare OverflowException.
        var big = new PickleWriter().Proto().EmptyDict().Str("t").Tensor("FloatStorage", "0", 6, 0, [1L << 40, 1L << 40], [0, 0]).SetItem().Stop();
        Assert.Contains("overflows", Assert.Throws<CheckpointFormatException>(() => PthReader.Read(Write(big, Six(), name: "big.pth"))).Message);
    }

    [Fact]
    public void A_shared_container_is_refused_before_its_paths_multiply()
    {
        // L0 = [t]; L1 = [L0, L0]; ... each level doubles the paths: 40 levels would be 2^40 names.
        var w = new PickleWriter().Proto().Tensor("FloatStorage", "0", 6, 0, [6], [1]).Put(0);
        w.Raw(0x30); // POP: the tensor stays in the memo
        w.EmptyList().Mark().Get(0).Appends().Put(1);
        for (byte level = 2; level < 40; level++)
            w.Raw(0x30).EmptyList().Mark().Get((byte)(level - 1)).Get((byte)(level - 1)).Appends().Put(level);
        w.Raw(0x30).EmptyDict().Str("m").Get(39).SetItem();
        var path = Write(w.Stop(), Six(), name: "dag.pth");
        var ex = Assert.Throws<CheckpointFormatException>(() => PthReader.Read(path));
        Assert.Contains("reached a second time", ex.Message);
    }

    [Fact]
    public void Compressed_records_are_refused_as_torch_save_stores_them()
    {
        var pickle = new PickleWriter().Proto().EmptyDict().Str("t").Tensor("FloatStorage", "0", 6, 0, [6], [1]).SetItem().Stop().ToArray();
        var path = _dir.File("deflated.pth");
        using (var fs = File.Create(path))
        using (var zip = new System.IO.Compression.ZipArchive(fs, System.IO.Compression.ZipArchiveMode.Create))
        {
            foreach (var (name, bytes, level) in new[]
            {
                ("archive/data.pkl", pickle, System.IO.Compression.CompressionLevel.NoCompression),
                ("archive/byteorder", "little"u8.ToArray(), System.IO.Compression.CompressionLevel.NoCompression),
                ("archive/data/0", new byte[24], System.IO.Compression.CompressionLevel.Optimal), // a deflated storage
            })
            {
                using var e = zip.CreateEntry(name, level).Open();
                e.Write(bytes);
            }
        }
        var ex = Assert.Throws<CheckpointFormatException>(() => PthReader.Read(path));
        Assert.Contains("compressed", ex.Message);
        Assert.Contains("archive/data/0", ex.Message);
    }

    [Fact]
    public void A_storage_entry_declaring_more_bytes_than_the_whole_file_is_refused_before_its_tensor_is_allocated()
    {
        // A 1 KB archive whose central directory declares a 2 GB storage: the declared length is checked against the
        // file's before torch.empty would reserve it.
        var path = HostileFiles.PthWithForgedStorageLength(_dir.File("forged.pth"), 2_000_000_000);
        Assert.True(new FileInfo(path).Length < 4096);
        var ex = Assert.Throws<CheckpointFormatException>(() => PthReader.Read(path));
        Assert.Equal(path, ex.FilePath);
        Assert.Contains("entry 'archive/data/0' declares 2000000000 bytes but the whole file has", ex.Message);
    }

    [Fact]
    public void A_data_pkl_over_the_cap_or_over_the_file_length_or_deflated_is_refused_before_it_is_read()
    {
        var pickle = new PickleWriter().Proto().EmptyDict().Str("t").Tensor("FloatStorage", "0", 6, 0, [6], [1]).SetItem().Stop();
        var over = Write(pickle, Six(), name: "over.pth");
        HostileFiles.ForgeZipEntryLength(over, "archive/data.pkl", 65u << 20);
        var cap = Assert.Throws<CheckpointFormatException>(() => PthReader.Read(over));
        Assert.Contains("entry 'archive/data.pkl' is 68157440 bytes, more than the 67108864 allowed", cap.Message);

        var longer = Write(pickle, Six(), name: "longer.pth");
        HostileFiles.ForgeZipEntryLength(longer, "archive/data.pkl", 60u << 20); // under the cap, far over the file
        long before = GC.GetAllocatedBytesForCurrentThread();
        var forged = Assert.Throws<CheckpointFormatException>(() => PthReader.Read(longer));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 16 << 20, "the declared 60 MiB must not be allocated");
        Assert.Contains("entry 'archive/data.pkl' declares 62914560 bytes but the whole file has", forged.Message);

        // torch.save stores data.pkl uncompressed too.
        var padded = new PickleWriter().Proto().EmptyDict().Str(new string('x', 4096)).Tensor("FloatStorage", "0", 6, 0, [6], [1]).SetItem().Stop().ToArray();
        var deflated = _dir.File("deflated_pkl.pth");
        using (var fs = File.Create(deflated))
        using (var zip = new System.IO.Compression.ZipArchive(fs, System.IO.Compression.ZipArchiveMode.Create))
        {
            foreach (var (name, bytes, level) in new[]
            {
                ("archive/data.pkl", padded, System.IO.Compression.CompressionLevel.Optimal),
                ("archive/data/0", PickleWriter.Floats(0, 1, 2, 3, 4, 5), System.IO.Compression.CompressionLevel.NoCompression),
            })
            {
                using var e = zip.CreateEntry(name, level).Open();
                e.Write(bytes);
            }
        }
        var compressed = Assert.Throws<CheckpointFormatException>(() => PthReader.Read(deflated));
        Assert.Contains("entry 'archive/data.pkl' is compressed", compressed.Message);
    }

    [Fact]
    public void A_pickle_of_more_marks_or_memo_entries_than_the_caps_is_refused()
    {
        var marks = new PickleWriter().Proto();
        for (int i = 0; i <= CellDino.Core.Checkpoints.Pickle.PickleMachine.MaxItems; i++) marks.Mark();
        var ex = Assert.Throws<CheckpointFormatException>(() => PthReader.ReadObject(Write(marks.Stop(), name: "marks.pth")));
        Assert.Contains($"more than {CellDino.Core.Checkpoints.Pickle.PickleMachine.MaxItems} nested marks", ex.Message);

        var memo = new PickleWriter().Proto().None();
        for (uint i = 0; i <= CellDino.Core.Checkpoints.Pickle.PickleMachine.MaxItems; i++) memo.LongPut(i);
        ex = Assert.Throws<CheckpointFormatException>(() => PthReader.ReadObject(Write(memo.Stop(), name: "memo.pth")));
        Assert.Contains($"more than {CellDino.Core.Checkpoints.Pickle.PickleMachine.MaxItems} memo entries", ex.Message);
    }

    [Fact]
    public void A_pickle_that_piles_up_the_stack_is_refused()
    {
        var w = new PickleWriter().Proto().Mark();
        for (int i = 0; i <= CellDino.Core.Checkpoints.Pickle.PickleMachine.MaxItems; i++) w.None();
        var ex = Assert.Throws<CheckpointFormatException>(() => PthReader.ReadObject(Write(w.Stop(), name: "pile.pth")));
        Assert.Contains("items on the pickle stack", ex.Message);
    }

    [Fact]
    public void Missing_data_entry_is_refused()
    {
        var w = new PickleWriter().Proto().EmptyDict().Str("t").Tensor("FloatStorage", "7", 6, 0, [6], [1]).SetItem().Stop();
        var ex = Assert.Throws<CheckpointFormatException>(() => PthReader.Read(Write(w, Six())));
        Assert.Contains("missing data entry 'archive/data/7'", ex.Message);
    }

    [Fact]
    public void A_list_that_contains_itself_is_refused_without_exhausting_the_stack()
    {
        // d = {"a": l, "t": tensor} where l.append(l), via the memo.
        var w = new PickleWriter().Proto().EmptyDict().Mark()
            .Str("t").Tensor("FloatStorage", "0", 6, 0, [6], [1])
            .Str("a").EmptyList().Put(200).Get(200).Op((byte)'a')
            .SetItems().Stop();
        var path = Write(w, Six());
        Assert.Contains("reached a second time", Assert.Throws<CheckpointFormatException>(() => PthReader.Read(path)).Message);
        var tree = PthReader.ReadObject(path);
        var d = Assert.IsType<OrderedDictionary<string, object?>>(tree);
        var l = Assert.IsType<List<object?>>(d["a"]);
        Assert.Same(l, l[0]);
        PthReader.DisposeTree(tree); // terminates despite the cycle
    }

    [Fact]
    public void Malformed_structures_are_refused()
    {
        // SETITEM on a list, BINGET of an unset memo slot, a non-dict top level, a zip without data.pkl.
        var onList = new PickleWriter().Proto().EmptyList().Str("k").Int(1).SetItem().Stop();
        Assert.Contains("expected a dict", Assert.Throws<CheckpointFormatException>(() => PthReader.ReadObject(Write(onList, name: "a.pth"))).Message);
        var memo = new PickleWriter().Proto().Get(3).Stop();
        Assert.Contains("memo index 3", Assert.Throws<CheckpointFormatException>(() => PthReader.ReadObject(Write(memo, name: "b.pth"))).Message);
        var list = new PickleWriter().Proto().EmptyList().Stop();
        Assert.Contains("dict of tensors", Assert.Throws<CheckpointFormatException>(() => PthReader.Read(Write(list, name: "c.pth"))).Message);
        var notZip = _dir.File("d.pth");
        File.WriteAllBytes(notZip, new PickleWriter().Proto().EmptyDict().Stop().ToArray());
        Assert.Throws<CheckpointFormatException>(() => PthReader.Read(notZip));
        Assert.Contains("legacy", Assert.Throws<CheckpointFormatException>(() => CheckpointLoader.LoadStateDict(notZip)).Message);
    }
}
