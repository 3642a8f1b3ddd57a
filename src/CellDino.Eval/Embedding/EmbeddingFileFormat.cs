namespace CellDino.Eval.Embedding;

/// <summary>On-disk format of embedding shards.</summary>
public enum EmbeddingFileFormat
{
    /// <summary>One Parquet file per shard: metadata columns then one float column per dimension (<c>emb_0000</c>…), readable by pandas, pycytominer and scanpy.</summary>
    Parquet,

    /// <summary>A float32 <c>.npy</c> matrix plus a <c>.csv</c> of metadata per shard.</summary>
    NpyCsv,
}
