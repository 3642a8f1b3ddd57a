using System.Text.Json;

namespace CellDino.Eval.Embedding;

/// <summary>
/// What an embedding folder (written by <see cref="EmbeddingShardWriter"/>) says about itself beyond its rows: the
/// provenance and class names its Parquet shards carry as key-value metadata.
/// </summary>
public static class EmbeddingFolder
{
    /// <summary>
    /// The <c>celldino.*</c> key-value metadata of the folder's first Parquet shard (checkpoint, its SHA-256, architecture,
    /// features, preprocessing, version, dataset fingerprint, class names); empty for the npy + csv format.
    /// </summary>
    /// <exception cref="InvalidDataException">The manifest or the shard cannot be read.</exception>
    public static IReadOnlyDictionary<string, string> Provenance(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var manifest = EmbeddingManifest.Load(Path.Combine(directory, EmbeddingShardWriter.ManifestName));
        if (manifest.Format != EmbeddingFileFormat.Parquet || manifest.Rows == 0) return new Dictionary<string, string>();
        var first = Enumerable.Range(0, manifest.ShardCount).Select(k => Path.Combine(directory, ShardFiles.BaseName(k) + ".parquet")).FirstOrDefault(File.Exists);
        if (first is null) return new Dictionary<string, string>();
        var all = ParquetShard.ReadKeyValuesAsync(first).GetAwaiter().GetResult();
        return all.Where(kv => kv.Key.StartsWith("celldino.", StringComparison.Ordinal)).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
    }

    /// <summary>
    /// The class names the labels of <paramref name="directories"/> were stored with; null when none records them.
    /// Folders that record different lists cannot be scored together.
    /// </summary>
    /// <exception cref="InvalidDataException">A folder cannot be read, or two folders record different class lists.</exception>
    public static IReadOnlyList<string>? ClassNames(IEnumerable<string> directories)
    {
        ArgumentNullException.ThrowIfNull(directories);
        (string Dir, IReadOnlyList<string> Names)? first = null;
        foreach (var dir in directories)
        {
            if (ClassNames(dir) is not { } names) continue;
            if (first is null) first = (dir, names);
            else if (!first.Value.Names.SequenceEqual(names, StringComparer.Ordinal))
                throw new InvalidDataException($"{first.Value.Dir} and {dir} were labelled with different class lists ({first.Value.Names.Count} and {names.Count} classes): embed both with the same --class-names.");
        }
        return first?.Names;
    }

    /// <summary>The class names the labels were stored with (<c>celldino.class_names</c>); null when the folder does not record them.</summary>
    /// <exception cref="InvalidDataException">The manifest or the shard cannot be read, or the stored list is malformed.</exception>
    public static IReadOnlyList<string>? ClassNames(string directory)
    {
        if (!Provenance(directory).TryGetValue(ParquetShard.ClassNamesKey, out var json)) return null;
        try
        {
            return JsonSerializer.Deserialize<string[]>(json) is { Length: > 0 } names ? names : null;
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{directory}: the stored class names ({ParquetShard.ClassNamesKey}) are not a JSON list of strings ({ex.Message}).", ex);
        }
    }
}
