using System.Text.RegularExpressions;

namespace CellDino.Eval.Tests.Docs;

/// <summary>Extracts named C# snippets from a Markdown document and from a test source file.</summary>
internal static partial class SnippetText
{
    /// <summary>
    /// Every <c>```csharp</c> block of <paramref name="markdown"/> with the name given by the
    /// <c>&lt;!-- snippet:NAME --&gt;</c> line before it; a block without that line is an error.
    /// </summary>
    public static IReadOnlyList<(string Name, string Code)> DocumentBlocks(string markdown)
    {
        var lines = Lines(markdown);
        var result = new List<(string, string)>();
        for (int i = 0; i < lines.Length; i++)
        {
            if (lines[i].Trim() != "```csharp") continue;
            int previous = i - 1;
            while (previous >= 0 && lines[previous].Trim().Length == 0) previous--;
            var marker = previous >= 0 ? DocMarker().Match(lines[previous].Trim()) : Match.Empty;
            if (!marker.Success)
                throw new FormatException($"getting-started.md line {i + 1}: a ```csharp block must follow a <!-- snippet:NAME --> line.");
            int end = Array.FindIndex(lines, i + 1, l => l.Trim() == "```");
            if (end < 0) throw new FormatException($"getting-started.md line {i + 1}: unterminated code block.");
            result.Add((marker.Groups[1].Value, string.Join('\n', lines[(i + 1)..end])));
            i = end;
        }
        return result;
    }

    /// <summary>
    /// Fails unless the <c>```csharp</c> blocks of the document <paramref name="doc"/> (relative to the repository) are exactly
    /// the snippet regions of the test source <paramref name="source"/>, name for name.
    /// </summary>
    public static void AssertDocumentShowsTestedCode(string doc, string source)
    {
        var docBlocks = DocumentBlocks(File.ReadAllText(Path.Combine(TestSupport.Fixtures.RepoRoot, doc)));
        var regions = SourceRegions(File.ReadAllText(Path.Combine(TestSupport.Fixtures.RepoRoot, source)));
        Assert.Equal(regions.Keys.Order(StringComparer.Ordinal), docBlocks.Select(b => b.Name).Order(StringComparer.Ordinal));
        foreach (var (name, code) in docBlocks)
            Assert.True(Normalize(code) == Normalize(regions[name]),
                $"{doc} snippet '{name}' differs from the tested code:\n--- doc ---\n{code}\n--- test ---\n{regions[name]}");
    }

    /// <summary>The code between <c>// snippet:NAME</c> and <c>// end-snippet</c> lines, by name.</summary>
    public static IReadOnlyDictionary<string, string> SourceRegions(string source)
    {
        var lines = Lines(source);
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i < lines.Length; i++)
        {
            var marker = SourceMarker().Match(lines[i].Trim());
            if (!marker.Success) continue;
            int end = Array.FindIndex(lines, i + 1, l => l.Trim() == "// end-snippet");
            if (end < 0) throw new FormatException($"snippet '{marker.Groups[1].Value}' at line {i + 1} has no // end-snippet.");
            if (!result.TryAdd(marker.Groups[1].Value, string.Join('\n', lines[(i + 1)..end])))
                throw new FormatException($"snippet '{marker.Groups[1].Value}' is defined twice.");
            i = end;
        }
        return result;
    }

    /// <summary>
    /// The code with each line's leading and trailing whitespace removed and blank lines at either end dropped,
    /// so that indentation (a method body in the test, column 0 in the document) does not count.
    /// </summary>
    public static string Normalize(string code)
    {
        var lines = Lines(code).Select(l => l.Trim()).ToList();
        while (lines.Count > 0 && lines[0].Length == 0) lines.RemoveAt(0);
        while (lines.Count > 0 && lines[^1].Length == 0) lines.RemoveAt(lines.Count - 1);
        return string.Join('\n', lines);
    }

    private static string[] Lines(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');

    [GeneratedRegex(@"^<!--\s*snippet:([A-Za-z0-9_-]+)\s*-->$")]
    private static partial Regex DocMarker();

    [GeneratedRegex(@"^//\s*snippet:([A-Za-z0-9_-]+)$")]
    private static partial Regex SourceMarker();
}
