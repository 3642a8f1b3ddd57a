using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace CellDino.Core.Training.Config;

/// <summary>
/// Reads a DINOv2-style YAML config (through YamlDotNet) into a JSON tree for <see cref="CellDinoConfig"/>: mappings,
/// block and flow sequences, comments, plain and quoted scalars. Plain scalars become numbers, booleans or null as
/// YAML's core schema says; quoted ones stay strings. Anchors and aliases are refused (a config does not need them, and
/// alias expansion could blow a small file up); errors name the source and line.
/// </summary>
internal static class ConfigYaml
{
    public static JsonNode Parse(string text, string source)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException ex)
        {
            throw new FormatException($"{source}, line {ex.Start.Line}: not valid YAML ({ex.Message}).", ex);
        }
        if (stream.Documents.Count == 0) return new JsonObject();
        if (stream.Documents.Count > 1) throw new FormatException($"{source}: holds {stream.Documents.Count} YAML documents; a config is one.");
        return Convert(stream.Documents[0].RootNode, source) ?? new JsonObject();
    }

    private static JsonNode? Convert(YamlNode node, string source)
    {
        if (!node.Anchor.IsEmpty)
            throw new FormatException($"{source}, line {node.Start.Line}: YAML anchors and aliases are not supported in configs.");
        switch (node)
        {
            case YamlMappingNode map:
                var obj = new JsonObject();
                foreach (var (k, v) in map.Children)
                {
                    if (k is not YamlScalarNode { Value: { } key })
                        throw new FormatException($"{source}, line {k.Start.Line}: a mapping key must be a plain name.");
                    if (obj.ContainsKey(key)) throw new FormatException($"{source}, line {k.Start.Line}: key '{key}' appears twice.");
                    obj[key] = Convert(v, source);
                }
                return obj;
            case YamlSequenceNode seq:
                var arr = new JsonArray();
                foreach (var item in seq.Children) arr.Add(Convert(item, source));
                return arr;
            case YamlScalarNode scalar:
                return Scalar(scalar);
            default:
                throw new FormatException($"{source}, line {node.Start.Line}: unsupported YAML node.");
        }
    }

    private static JsonNode? Scalar(YamlScalarNode s)
    {
        var v = s.Value ?? "";
        if (s.Style is not (ScalarStyle.Plain or ScalarStyle.Any)) return JsonValue.Create(v);
        switch (v)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return null;
            case "true" or "True" or "TRUE":
                return JsonValue.Create(true);
            case "false" or "False" or "FALSE":
                return JsonValue.Create(false);
        }
        if (long.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l)) return JsonValue.Create(l);
        if (double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d)) return JsonValue.Create(d);
        return JsonValue.Create(v);
    }
}
