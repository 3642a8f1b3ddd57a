namespace CellDino.Eval.Embedding;

/// <summary>Reads a folder written by <see cref="EmbeddingShardWriter"/> back into one <see cref="EmbeddingSet"/>, in dataset order.</summary>
public static class EmbeddingShards
{
    /// <summary>Reads every shard; fails naming the first missing shard when a job has not finished.</summary>
    /// <exception cref="FileNotFoundException">The folder does not exist or holds no <c>embeddings.json</c>.</exception>
    /// <exception cref="InvalidDataException">A shard is missing or does not match the manifest.</exception>
    public static EmbeddingSet Read(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var manifestPath = Path.Combine(directory, EmbeddingShardWriter.ManifestName);
        if (!Directory.Exists(directory))
            throw new FileNotFoundException($"{directory} does not exist; expected an embedding folder: run `celldino embed --out {directory}` first.", manifestPath);
        if (!File.Exists(manifestPath))
            throw new FileNotFoundException($"{directory} is not an embedding folder (no {EmbeddingShardWriter.ManifestName}); run `celldino embed --out {directory}` first.", manifestPath);
        var manifest = EmbeddingManifest.Load(manifestPath);
        var features = new float[(long)manifest.Rows * manifest.Dim];
        var meta = new List<Data.Samples.SampleMetadata>(manifest.Rows);
        for (int k = 0; k < manifest.ShardCount; k++)
        {
            if (manifest.RowsIn(k) == 0) continue; // a job of an array with more jobs than rows
            if (!ShardFiles.IsComplete(directory, k, manifest.Format))
                throw new InvalidDataException($"{directory}: shard {ShardFiles.BaseName(k)} is missing: run the remaining embedding jobs first.");
            var (f, dim, m) = ShardFiles.Read(directory, k, manifest.Format);
            if (dim != manifest.Dim || m.Length != manifest.RowsIn(k))
                throw new InvalidDataException($"{directory}/{ShardFiles.BaseName(k)}: {m.Length} rows of width {dim}, expected {manifest.RowsIn(k)} of width {manifest.Dim}.");
            f.CopyTo(features.AsSpan(checked((int)((long)manifest.ShardStart(k) * manifest.Dim))));
            meta.AddRange(m);
        }
        return new EmbeddingSet(features, manifest.Dim, meta);
    }
}
