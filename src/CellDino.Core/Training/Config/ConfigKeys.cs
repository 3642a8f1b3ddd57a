using System.Text.Json.Nodes;

namespace CellDino.Core.Training.Config;

/// <summary>
/// Every key of a config file must mean something: a key CellDino does not know is an error naming the key and the
/// file (as it is for <c>--set</c>), so a typo never silently falls back to a default. The DINOv2 / Cell-DINO keys
/// that do not apply to single-device training (run plumbing, FSDP, evaluation) are accepted and ignored; the model
/// switches CellDino implements one way only must have that value.
/// </summary>
internal static class ConfigKeys
{
    /// <summary>Top-level sections of DINOv2's <c>ssl_default_config.yaml</c> that CellDino reads past.</summary>
    private static readonly HashSet<string> IgnoredSections = new(StringComparer.OrdinalIgnoreCase)
    {
        "MODEL", "compute_precision", "evaluation", "train_dataset_str", "val_dataset_str", "nb_knn", "temperature", "gather_on_cpu",
        "batch_size", "n_per_class_list", "n_tries", "finetune_dataset_str", "finetune_on_val", "metric_type", "train_features_device",
        "train_dtype", "max_train_iters", "defaults", "hydra",
    };

    /// <summary>Keys inside known sections that CellDino reads past (data paths, workers, FSDP chunks, the derived lr, a separate iBOT head's sizes).</summary>
    private static readonly Dictionary<string, string[]> IgnoredKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        ["train"] = ["dataset_path", "output_dir", "num_workers", "cache_dataset"],
        ["student"] = ["block_chunks"],
        ["optim"] = ["lr"],
        ["ibot"] = ["head_n_prototypes", "head_bottleneck_dim", "head_nlayers", "head_hidden_dim"],
    };

    /// <summary>Switches CellDino implements with one value only.</summary>
    private static readonly (string Section, string Key, JsonNode? Value)[] Fixed =
    [
        ("student", "qkv_bias", JsonValue.Create(true)),
        ("student", "proj_bias", JsonValue.Create(true)),
        ("student", "ffn_bias", JsonValue.Create(true)),
        ("student", "drop_path_uniform", JsonValue.Create(true)),
        ("student", "interpolate_antialias", JsonValue.Create(false)),
        ("student", "interpolate_offset", JsonValue.Create(0.1)),
        ("student", "pretrained_weights", JsonValue.Create("")),
        ("ibot", "separate_head", JsonValue.Create(false)),
    ];

    /// <summary>Checks <paramref name="root"/> against the keys of <paramref name="known"/> (a serialized default config) and removes the ignored ones.</summary>
    public static void Check(JsonObject root, JsonObject known, string source)
    {
        foreach (var (sectionName, sectionNode) in root.ToList())
        {
            if (IgnoredSections.Contains(sectionName))
            {
                root.Remove(sectionName);
                continue;
            }
            var match = known.FirstOrDefault(p => Same(p.Key, sectionName));
            if (match.Key is not null && match.Value is not JsonObject)
            {
                root.Remove(sectionName); // a derived value ToJson writes (total_iterations): read past it
                continue;
            }
            var knownSection = match.Value as JsonObject
                ?? throw new FormatException($"{source}: unknown section '{sectionName}' (sections: {string.Join(", ", known.Where(p => p.Value is JsonObject).Select(p => p.Key))}).");
            if (sectionNode is not JsonObject section)
                throw new FormatException($"{source}: section '{sectionName}' must be a mapping of keys.");
            foreach (var (key, value) in section.ToList())
            {
                var fixedValue = Fixed.FirstOrDefault(f => Same(f.Section, sectionName) && Same(f.Key, key));
                if (fixedValue.Section is not null)
                {
                    if (!JsonNode.DeepEquals(value, fixedValue.Value))
                        throw new FormatException($"{source}: {sectionName}.{key} is {value?.ToJsonString() ?? "null"}, but CellDino supports only {fixedValue.Value?.ToJsonString()}.");
                    section.Remove(key);
                    continue;
                }
                if (IgnoredKeys.TryGetValue(sectionName, out var ignored) && ignored.Contains(key, StringComparer.OrdinalIgnoreCase))
                {
                    section.Remove(key);
                    continue;
                }
                if (!knownSection.Any(p => Same(p.Key, key)))
                    throw new FormatException($"{source}: unknown key '{sectionName}.{key}' (keys of {sectionName}: {string.Join(", ", knownSection.Select(p => p.Key))}).");
            }
        }
    }

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
