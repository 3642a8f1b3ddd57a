namespace CellDino.Eval.Embedding;

/// <summary>Reads a folder written by <see cref="EmbeddingShardWriter"/> back into one <see cref="EmbeddingSet"/>, in dataset order.</summary>
public static class EmbeddingShards
{
    /// <summary>Reads every shard; fails naming the first missing shard when a job has not finished.</summary>
    public static EmbeddingSet Read(string directory)
    {
        var manifest = EmbeddingManifest.Load(Path.Combine(directory, EmbeddingShardWriter.ManifestName));
        var features = new float[(long)manifest.Rows * manifest.Dim];
        var meta = new List<Data.Samples.SampleMetadata>(manifest.Rows);
        for (int k = 0; k < manifest.ShardCount; k++)
        {
            if (!ShardFiles.IsComplete(directory, k, manifest.Format))
                throw new InvalidDataException($"{directory}: shard {ShardFiles.BaseName(k)} is missing: run the remaining embedding jobs first.");
            var (f, dim, m) = ShardFiles.Read(directory, k, manifest.Format);
            if (dim != manifest.Dim || m.Length != manifest.RowsIn(k))
                throw new InvalidDataException($"{directory}/{ShardFiles.BaseName(k)}: {m.Length} rows of width {dim}, expected {manifest.RowsIn(k)} of width {manifest.Dim}.");
            f.CopyTo(features.AsSpan(checked(k * manifest.RowsPerShard * manifest.Dim)));
            meta.AddRange(m);
        }
        return new EmbeddingSet(features, manifest.Dim, meta);
    }
}
