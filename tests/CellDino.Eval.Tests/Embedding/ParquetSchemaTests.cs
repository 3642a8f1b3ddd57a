using CellDino.Core.Checkpoints;
using CellDino.Core.Models;
using CellDino.Data.Samples;
using CellDino.Eval.Embedding;
using Parquet;
using Parquet.Schema;
using Xunit;
using static TorchSharp.torch;

namespace CellDino.Eval.Tests.Embedding;

/// <summary>What a pandas / pycytominer user sees in an embedding shard, read with Parquet.Net rather than CellDino's reader.</summary>
public sealed class ParquetSchemaTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("celldino-parquet-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private sealed class LabDataset(InMemoryDataset inner) : IMicroscopyDataset
    {
        public int Count => inner.Count;
        public IReadOnlyList<string> ChannelNames => inner.ChannelNames;
        public IReadOnlyList<string> ClassNames => inner.ClassNames;
        public Sample Get(int index) => inner.Get(index) with { Metadata = GetMetadata(index) };
        // LoadData columns keep their Metadata_ names; plate-map columns get the prefix; one clashes with a core column.
        public SampleMetadata GetMetadata(int index) => inner.GetMetadata(index) with
        {
            Extra = new Dictionary<string, string> { ["Metadata_Dose"] = (0.1 * index).ToString("R", System.Globalization.CultureInfo.InvariantCulture), ["seeding_density"] = "1000", ["Metadata_Well"] = "b1" },
        };
    }

    // Extras whose type a per-shard decision would get wrong: shard 0 (rows 0, 1) sees only whole numbers of a column that
    // later rows give decimals, and not a single value of a column that only rows 3 and 4 have.
    private sealed class TypedExtrasDataset(InMemoryDataset inner) : IMicroscopyDataset
    {
        public int Count => inner.Count;
        public IReadOnlyList<string> ChannelNames => inner.ChannelNames;
        public IReadOnlyList<string> ClassNames => inner.ClassNames;
        public Sample Get(int index) => inner.Get(index) with { Metadata = GetMetadata(index) };
        public SampleMetadata GetMetadata(int index)
        {
            var extra = new Dictionary<string, string>
            {
                ["CenterX"] = (100 + index).ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Metadata_Concentration"] = index < 2 ? "1" : "2.5",
                ["Flagged"] = index % 2 == 0 ? "true" : "False",
                ["Barcode"] = $"00{index}",
                ["Note"] = index == 1 ? "" : "n",
            };
            if (index >= 3) extra["Late"] = "7";
            return inner.GetMetadata(index) with { Extra = extra };
        }
    }

    private static readonly Type[] Utf8 = [typeof(string), typeof(ReadOnlyMemory<char>)];

    [Fact]
    public async Task Extra_columns_are_typed_over_the_whole_dataset_so_every_shard_has_one_schema()
    {
        var ds = new TypedExtrasDataset(new InMemoryDataset(5));
        using var vit = new VisionTransformer(VitConfig.Tiny(8, 4, 32), 3);
        var output = Path.Combine(_dir, "typed");
        EmbeddingShardWriter.Run(new Embedder(vit, new EmbedderOptions { Device = CPU }), ds, new ShardOptions { OutputDirectory = output, RowsPerShard = 2 });
        var shards = Directory.GetFiles(output, "*.parquet").Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(3, shards.Length);
        var schemas = new List<string>();
        foreach (var shard in shards)
        {
            await using var stream = File.OpenRead(shard);
            await using var reader = await ParquetReader.CreateAsync(stream);
            var byName = reader.Schema.GetDataFields().ToDictionary(f => f.Name);
            Assert.Equal(typeof(long), byName["Metadata_CenterX"].ClrType);
            Assert.Equal(typeof(double), byName["Metadata_Concentration"].ClrType);
            Assert.Equal(typeof(bool), byName["Metadata_Flagged"].ClrType);
            Assert.Equal(typeof(long), byName["Metadata_Late"].ClrType);
            Assert.True(byName["Metadata_Late"].IsNullable);
            Assert.Contains(byName["Metadata_Barcode"].ClrType, Utf8); // 000, 001: leading zeros stay
            Assert.Contains(byName["Metadata_Note"].ClrType, Utf8);
            schemas.Add(string.Join(",", reader.Schema.GetDataFields().Select(f => $"{f.Name}:{f.ClrType.Name}")));
            if (shard == shards[0])
            {
                using var group = reader.OpenRowGroupReader(0);
                int rows = (int)group.RowCount; // the first shard of the evened-out layout (5 rows in 3 shards)
                var x = new long?[rows];
                await group.ReadAsync<long>(byName["Metadata_CenterX"], x.AsMemory());
                Assert.Equal(Enumerable.Range(100, rows).Select(v => (long?)v), x);
                var late = new long?[rows];
                await group.ReadAsync<long>(byName["Metadata_Late"], late.AsMemory());
                Assert.All(late, v => Assert.Null(v));
            }
        }
        Assert.Single(schemas.Distinct());
        var back = EmbeddingShards.Read(output);
        Assert.Equal("2.5", back.Metadata[4].Extra["Metadata_Concentration"]);
        Assert.Equal(("101", "false", "001"), (back.Metadata[1].Extra["CenterX"], back.Metadata[1].Extra["Flagged"], back.Metadata[1].Extra["Barcode"]));
        Assert.Equal("7", back.Metadata[3].Extra["Late"]);
        Assert.False(back.Metadata[0].Extra.ContainsKey("Late"));
    }

    [Fact]
    public async Task Shards_have_typed_Metadata_columns_expanded_extras_label_names_and_provenance()
    {
        var ds = new LabDataset(new InMemoryDataset(5));
        using var vit = new VisionTransformer(VitConfig.Tiny(8, 4, 32), 3);
        var checkpoint = Path.Combine(_dir, "teacher.safetensors");
        StateDictLoader.Save(vit, checkpoint);
        var output = Path.Combine(_dir, "emb");
        EmbeddingShardWriter.Run(new Embedder(vit, new EmbedderOptions { Device = CPU }), ds, new ShardOptions { OutputDirectory = output, CheckpointPath = checkpoint });

        await using var stream = File.OpenRead(Directory.GetFiles(output, "*.parquet").Single());
        await using var reader = await ParquetReader.CreateAsync(stream);
        var fields = reader.Schema.GetDataFields();
        var byName = fields.ToDictionary(f => f.Name);
        Assert.Equal(typeof(int), byName["Metadata_CellId"].ClrType);
        Assert.True(byName["Metadata_CellId"].IsNullable);
        Assert.Equal(typeof(int), byName["Metadata_Site"].ClrType);
        Assert.Equal(typeof(bool), byName["Metadata_IsControl"].ClrType); // df[df.Metadata_IsControl] works
        Assert.False(byName["Metadata_IsControl"].IsNullable);
        foreach (var s in new[] { "Metadata_Id", "Metadata_Plate", "Metadata_Well", "Metadata_Treatment", "Metadata_MoA", "Metadata_CellLine", "Metadata_LabelNames" })
            Assert.True(byName[s].ClrType == typeof(string) || byName[s].ClrType == typeof(ReadOnlyMemory<char>), $"{s} is {byName[s].ClrType}"); // UTF-8 strings
        Assert.Contains("Metadata_Dose", byName.Keys);
        Assert.Contains("Metadata_seeding_density", byName.Keys);
        Assert.Contains("Extra_Metadata_Well", byName.Keys);  // never two columns of one name
        Assert.Equal(fields.Length, byName.Count);
        Assert.Equal("emb_0000", fields[^64].Name);
        Assert.All(fields[^64..], f => Assert.Equal(typeof(float), f.ClrType));
        Assert.All(fields[..^64], f => Assert.StartsWith(f.Name.StartsWith("Extra_", StringComparison.Ordinal) ? "Extra_" : "Metadata_", f.Name));

        using var group = reader.OpenRowGroupReader(0);
        var names = new string?[5];
        await group.ReadAsync(byName["Metadata_LabelNames"], names.AsMemory()!);
        Assert.Equal("class0|class7", names[0]); // img000 has labels [0, 7]
        var control = new bool[5];
        await group.ReadAsync<bool>(byName["Metadata_IsControl"], control.AsMemory());
        Assert.Equal([true, false, false, false, true], control);

        var kv = reader.CustomMetadata;
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(checkpoint))), kv["celldino.checkpoint_sha256"]);
        Assert.Contains("embed_dim=64", kv["celldino.architecture"]);
        Assert.Equal("ClsToken", kv["celldino.features"]);
        Assert.Contains("normalization=", kv["celldino.preprocessing"]);
        // The informational version (0.1.0-local.<time> for a local pack, 0.1.0+<commit> for a repository build), not 0.1.0.0.
        Assert.Equal(CellDino.Core.CellDinoVersion.Informational, kv["celldino.version"]);
        Assert.Equal(System.Reflection.CustomAttributeExtensions.GetCustomAttribute<System.Reflection.AssemblyInformationalVersionAttribute>(typeof(EmbeddingShards).Assembly)!.InformationalVersion, kv["celldino.version"]);
        Assert.NotEqual(typeof(EmbeddingShards).Assembly.GetName().Version!.ToString(), kv["celldino.version"]);
        Assert.Equal(typeof(double), byName["Metadata_Dose"].ClrType);
        Assert.Equal(typeof(long), byName["Metadata_seeding_density"].ClrType);

        // And CellDino reads its own file back with every extra under its original key.
        var back = EmbeddingShards.Read(output);
        Assert.Equal(ds.GetMetadata(3).Extra, back.Metadata[3].Extra);
        Assert.Equal(ds.GetMetadata(3).Site, back.Metadata[3].Site);
    }
}
