namespace CellDino.Data.Readers;

/// <summary>Resolves paths written in CSV files against a base folder.</summary>
internal static class PathResolver
{
    public static string Resolve(string baseDir, string path) =>
        Path.GetFullPath(Path.IsPathRooted(path) ? path : Path.Combine(baseDir, path));

    public static string BaseOf(string csvPath) => Path.GetDirectoryName(Path.GetFullPath(csvPath)) ?? ".";

    /// <summary>The first of <paramref name="stem"/> + extension that exists, or null.</summary>
    public static string? FirstExisting(string stem, IReadOnlyList<string> extensions)
    {
        foreach (var ext in extensions)
        {
            var p = stem + ext;
            if (File.Exists(p)) return p;
        }
        return null;
    }
}
