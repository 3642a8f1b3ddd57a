using System.Text;

namespace CellDino.Eval.Embedding;

/// <summary>Minimal RFC 4180 record reader for the metadata files this package writes.</summary>
internal static class CsvSplitter
{
    public static IEnumerable<string[]> ReadRecords(string path)
    {
        var text = File.ReadAllText(path);
        var fields = new List<string>();
        var field = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < text.Length; i++)
        {
            char ch = text[i];
            if (quoted)
            {
                if (ch == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else if (ch == '"') quoted = false;
                else field.Append(ch);
            }
            else if (ch == '"') quoted = true;
            else if (ch == ',') { fields.Add(field.ToString()); field.Clear(); }
            else if (ch == '\n')
            {
                fields.Add(field.ToString()); field.Clear();
                yield return fields.ToArray();
                fields.Clear();
            }
            else if (ch != '\r') field.Append(ch);
        }
        if (field.Length > 0 || fields.Count > 0) { fields.Add(field.ToString()); yield return fields.ToArray(); }
    }
}
