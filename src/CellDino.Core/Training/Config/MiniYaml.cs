using System.Globalization;
using System.Text.Json.Nodes;

namespace CellDino.Core.Training.Config;

/// <summary>
/// The YAML subset DINOv2's config files use: nested block mappings by indentation, block lists of
/// scalars (<c>- x</c>), flow lists (<c>[a, b]</c>), comments, and plain or quoted scalars. Anything
/// else (anchors, multi-line strings, flow maps) is rejected with the line number, rather than guessed.
/// </summary>
internal static class MiniYaml
{
    private readonly record struct Line(int Number, int Indent, string Text);

    public static JsonNode Parse(string text, string source)
    {
        var lines = new List<Line>();
        var raw = text.Replace("\r\n", "\n").Split('\n');
        for (int i = 0; i < raw.Length; i++)
        {
            var content = StripComment(raw[i]).TrimEnd();
            if (content.Trim().Length == 0 || content.Trim() == "---") continue;
            if (content.Contains('\t')) throw Error(source, i + 1, "tabs are not allowed in YAML indentation");
            int indent = content.Length - content.TrimStart().Length;
            lines.Add(new Line(i + 1, indent, content.Trim()));
        }
        int pos = 0;
        if (lines.Count == 0) return new JsonObject();
        var node = ParseBlock(lines, ref pos, lines[0].Indent, source);
        if (pos < lines.Count) throw Error(source, lines[pos].Number, "unexpected indentation");
        return node;
    }

    private static JsonNode ParseBlock(List<Line> lines, ref int pos, int indent, string source)
    {
        if (lines[pos].Text.StartsWith("- ", StringComparison.Ordinal) || lines[pos].Text == "-")
        {
            var list = new JsonArray();
            while (pos < lines.Count && lines[pos].Indent == indent && lines[pos].Text.StartsWith('-'))
            {
                var item = lines[pos].Text[1..].Trim();
                if (item.Length == 0 || IsMappingEntry(item)) throw Error(source, lines[pos].Number, "only scalar list items are supported");
                list.Add(Scalar(item, source, lines[pos].Number));
                pos++;
            }
            return list;
        }
        var map = new JsonObject();
        while (pos < lines.Count && lines[pos].Indent == indent)
        {
            var line = lines[pos];
            int colon = FindMappingColon(line.Text);
            if (colon < 0) throw Error(source, line.Number, $"expected 'key: value', got '{line.Text}'");
            var key = Unquote(line.Text[..colon].Trim());
            var rest = line.Text[(colon + 1)..].Trim();
            if (map.ContainsKey(key)) throw Error(source, line.Number, $"duplicate key '{key}'");
            pos++;
            if (rest.Length > 0)
            {
                map[key] = Scalar(rest, source, line.Number);
            }
            else if (pos < lines.Count && (lines[pos].Indent > indent || (lines[pos].Indent == indent && lines[pos].Text.StartsWith('-'))))
            {
                map[key] = ParseBlock(lines, ref pos, lines[pos].Indent, source);
            }
            else
            {
                map[key] = null;
            }
        }
        if (pos < lines.Count && lines[pos].Indent > indent) throw Error(source, lines[pos].Number, "unexpected indentation");
        return map;
    }

    private static bool IsMappingEntry(string text) => FindMappingColon(text) >= 0;

    private static int FindMappingColon(string text)
    {
        bool single = false, dbl = false;
        for (int i = 0; i < text.Length; i++)
        {
            char ch = text[i];
            if (ch == '\'' && !dbl) single = !single;
            else if (ch == '"' && !single) dbl = !dbl;
            else if (ch == ':' && !single && !dbl && (i + 1 == text.Length || text[i + 1] == ' ')) return i;
            else if (ch == '[' && !single && !dbl) return -1;
        }
        return -1;
    }

    private static string StripComment(string line)
    {
        bool single = false, dbl = false;
        for (int i = 0; i < line.Length; i++)
        {
            char ch = line[i];
            if (ch == '\'' && !dbl) single = !single;
            else if (ch == '"' && !single) dbl = !dbl;
            else if (ch == '#' && !single && !dbl && (i == 0 || char.IsWhiteSpace(line[i - 1]))) return line[..i];
        }
        return line;
    }

    private static JsonNode? Scalar(string text, string source, int lineNumber)
    {
        if (text.StartsWith('['))
        {
            if (!text.EndsWith(']')) throw Error(source, lineNumber, "unterminated flow list");
            var inner = text[1..^1].Trim();
            var array = new JsonArray();
            if (inner.Length == 0) return array;
            foreach (var part in inner.Split(','))
                array.Add(Scalar(part.Trim(), source, lineNumber));
            return array;
        }
        if (text.StartsWith('{') || text.StartsWith('&') || text.StartsWith('*') || text.StartsWith('|') || text.StartsWith('>'))
            throw Error(source, lineNumber, $"unsupported YAML construct '{text}'");
        if (text.Length >= 2 && ((text[0] == '"' && text[^1] == '"') || (text[0] == '\'' && text[^1] == '\'')))
            return JsonValue.Create(text[1..^1]);
        switch (text)
        {
            case "null" or "Null" or "NULL" or "~": return null;
            case "true" or "True" or "TRUE": return JsonValue.Create(true);
            case "false" or "False" or "FALSE": return JsonValue.Create(false);
        }
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l)) return JsonValue.Create(l);
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)) return JsonValue.Create(d);
        return JsonValue.Create(text);
    }

    private static string Unquote(string key) =>
        key.Length >= 2 && ((key[0] == '"' && key[^1] == '"') || (key[0] == '\'' && key[^1] == '\'')) ? key[1..^1] : key;

    private static FormatException Error(string source, int line, string message) => new($"{source}, line {line}: {message}.");
}
