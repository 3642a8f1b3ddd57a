using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CellDino.Core.Training.Config;

/// <summary>The names a closed-set config value is written as in DINOv2's YAML; the first is canonical, the rest are accepted aliases.</summary>
[AttributeUsage(AttributeTargets.Field)]
internal sealed class ConfigNameAttribute(params string[] names) : Attribute
{
    public IReadOnlyList<string> Names { get; } = names;
}

/// <summary>
/// Reads and writes an enum-valued config key as DINOv2's string (<c>sinkhorn_knopp</c>, <c>swiglufused</c>), so a closed
/// set is an enum in C# and a YAML file still reads as the official one; an unknown name fails listing the accepted ones.
/// </summary>
internal sealed class ConfigEnumConverter<T> : JsonConverter<T> where T : struct, Enum
{
    private static readonly (T Value, IReadOnlyList<string> Names)[] Members = typeof(T).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => ((T)f.GetValue(null)!, f.GetCustomAttribute<ConfigNameAttribute>()?.Names ?? [JsonNamingPolicy.SnakeCaseLower.ConvertName(f.Name)]))
        .ToArray();

    /// <summary>The canonical names, in declaration order.</summary>
    public static IReadOnlyList<string> Names => Members.Select(m => m.Names[0]).ToArray();

    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String) throw new JsonException($"expected one of {string.Join(", ", Names)}.");
        var text = reader.GetString()!.Trim();
        foreach (var (value, names) in Members)
            if (names.Contains(text, StringComparer.OrdinalIgnoreCase)) return value;
        throw new JsonException($"'{text}' is not one of {string.Join(", ", Names)}.");
    }

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
        writer.WriteStringValue(Members.First(m => EqualityComparer<T>.Default.Equals(m.Value, value)).Names[0]);
}
