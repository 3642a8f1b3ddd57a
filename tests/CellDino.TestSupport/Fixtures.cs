using CellDino.Core.Checkpoints;

namespace CellDino.TestSupport;

/// <summary>Locates <c>../shared</c> (fixtures, real data) beside the repository checkout.</summary>
public static class Fixtures
{
    private static readonly Lazy<string> Root = new(FindRepoRoot);

    /// <summary>The repository root (the folder holding CellDino.sln).</summary>
    public static string RepoRoot => Root.Value;

    /// <summary>The shared folder beside the checkout (override with CELLDINO_SHARED).</summary>
    public static string SharedDir =>
        Environment.GetEnvironmentVariable("CELLDINO_SHARED") is { Length: > 0 } s ? s : Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared"));

    /// <summary>The reference fixtures folder.</summary>
    public static string FixturesDir => Path.Combine(SharedDir, "fixtures");

    /// <summary>The real microscopy data folder.</summary>
    public static string RealDataDir => Path.Combine(SharedDir, "data", "real");

    /// <summary>Full path of a fixture file; fails the test with a clear message when it is missing.</summary>
    public static string Path_(string file)
    {
        var p = Path.Combine(FixturesDir, file);
        if (!File.Exists(p)) throw new FileNotFoundException($"Reference fixture '{file}' not found in {FixturesDir}: the tests expect ../shared/fixtures beside the checkout (or CELLDINO_SHARED).", p);
        return p;
    }

    /// <summary>Reads a safetensors fixture.</summary>
    public static StateDict Tensors(string file) => SafeTensors.Read(Path_(file));

    /// <summary>Reads a JSON fixture.</summary>
    public static System.Text.Json.JsonDocument Json(string file) => System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path_(file)));

    private static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "CellDino.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException($"CellDino.sln not found above {AppContext.BaseDirectory}.");
    }
}
