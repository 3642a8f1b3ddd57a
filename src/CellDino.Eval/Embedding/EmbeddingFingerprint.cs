using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CellDino.Data.Samples;
using static TorchSharp.torch;

namespace CellDino.Eval.Embedding;

/// <summary>
/// What an embedding folder was made from, so that a resumed or parallel job can prove it continues the same run:
/// the model's weights, the dataset's ids, the preprocessing and the CellDino version. Each is a short string (hashes
/// as hex SHA-256) stored in <c>embeddings.json</c>.
/// </summary>
internal static class EmbeddingFingerprint
{
    /// <summary>SHA-256 over every parameter and buffer of the model (name, dtype, shape, bytes), in state-dict order.</summary>
    public static string Model(nn.Module model)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var scope = NewDisposeScope();
        foreach (var (name, t) in model.state_dict())
        {
            sha.AppendData(Encoding.UTF8.GetBytes($"{name}|{t.dtype}|{string.Join(",", t.shape)}|"));
            var cpu = t.detach().cpu().contiguous().to(ScalarType.Float32);
            sha.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(cpu.data<float>().ToArray().AsSpan()));
        }
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    /// <summary>SHA-256 over the count and the ordered sample ids (metadata only, no pixels).</summary>
    public static string Dataset(IMicroscopyDataset dataset)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(Encoding.UTF8.GetBytes($"{dataset.Count}\n"));
        for (int i = 0; i < dataset.Count; i++) sha.AppendData(Encoding.UTF8.GetBytes(dataset.GetMetadata(i).Id + "\n"));
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    /// <summary>The settings that change the numbers: features, blocks, crop, resize, normalization (with its values).</summary>
    public static string Preprocessing(EmbedderOptions o) =>
        $"kind={o.Kind}; last_blocks={o.LastBlocks}; center_crop={o.CenterCrop?.ToString() ?? "none"}; resize={o.Resize?.ToString() ?? "none"}; " +
        $"normalization={o.Normalization.GetType().Name}{JsonSerializer.Serialize(o.Normalization, o.Normalization.GetType())}";

    /// <summary>The CellDino build that writes the folder: its informational version (<see cref="Core.CellDinoVersion"/>).</summary>
    public static string Version() => Core.CellDinoVersion.Informational;

    /// <summary>
    /// The key-value metadata of every Parquet shard: a reader of one file learns which checkpoint (path and SHA-256),
    /// architecture, features, crop/resize and normalization produced it, and the CellDino version; with the class names
    /// and the extra metadata columns typed over every row of <paramref name="dataset"/>, so that every shard (of every
    /// job) gets one schema.
    /// </summary>
    public static ShardProvenance Provenance(Embedder embedder, EmbeddingManifest manifest, string? checkpointPath, IMicroscopyDataset dataset)
    {
        var vit = embedder.Model.Config;
        var kv = new Dictionary<string, string>
        {
            ["celldino.version"] = manifest.CellDinoVersion ?? Version(),
            ["celldino.model_sha256"] = manifest.ModelSha256 ?? "",
            ["celldino.dataset_sha256"] = manifest.DatasetSha256 ?? "",
            ["celldino.architecture"] = $"embed_dim={vit.EmbedDim}; depth={vit.Depth}; num_heads={vit.NumHeads}; patch_size={vit.PatchSize}; in_chans={vit.InChannels}; img_size={vit.ImgSize}; ffn={vit.Ffn}; registers={vit.NumRegisterTokens}",
            ["celldino.features"] = embedder.Options.Kind.ToString(),
            ["celldino.preprocessing"] = manifest.Preprocessing ?? Preprocessing(embedder.Options),
        };
        if (checkpointPath is not null)
        {
            kv["celldino.checkpoint"] = Path.GetFullPath(checkpointPath);
            using var file = File.OpenRead(checkpointPath);
            kv["celldino.checkpoint_sha256"] = Convert.ToHexStringLower(SHA256.HashData(file));
        }
        var extras = MetadataColumns.ExtraColumns(Enumerable.Range(0, dataset.Count).Select(dataset.GetMetadata));
        return new ShardProvenance(dataset.ClassNames.Count == 0 ? null : dataset.ClassNames, kv, extras);
    }
}
