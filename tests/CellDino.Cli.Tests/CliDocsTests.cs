using System.Diagnostics;
using System.Text.RegularExpressions;
using CellDino.TestSupport;
using Xunit;

namespace CellDino.Cli.Tests;

/// <summary>Runs docs/cli.md's bash blocks as written, with <c>celldino</c> the tool built beside these tests.</summary>
public sealed partial class CliDocsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("celldino-cli-docs-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private static string Block(string heading)
    {
        var doc = File.ReadAllText(Path.Combine(Fixtures.RepoRoot, "docs", "cli.md"));
        int at = doc.IndexOf("## " + heading, StringComparison.Ordinal);
        Assert.True(at >= 0, $"docs/cli.md has no section '{heading}'");
        var m = BashBlock().Match(doc, at);
        Assert.True(m.Success, $"no bash block under '{heading}'");
        return m.Groups[1].Value;
    }

    private static (int Code, string Output) Bash(string script, string workingDirectory, params (string Key, string Value)[] env)
    {
        var exe = Path.Combine(AppContext.BaseDirectory, "celldino");
        var psi = new ProcessStartInfo("bash") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add($"set -eo pipefail\ncelldino() {{ \"{exe}\" \"$@\"; }}\n{script}");
        foreach (var (k, v) in env) psi.Environment[k] = v;
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEnd();
        Assert.True(p.WaitForExit(300_000), "the block did not finish in 5 minutes");
        return (p.ExitCode, stdout + stderr.Result);
    }

    [Fact]
    public void The_synthetic_sequence_runs_command_by_command()
    {
        var (code, output) = Bash(Block("Examples: one runnable sequence on synthetic data"), _dir);
        Assert.True(code == 0, output);
        foreach (var f in new[] { "runs/tiny/teacher_backbone.safetensors", "emb/hpa-test/embeddings.json", "knn.csv", "umap.png", "wells.csv" })
            Assert.True(File.Exists(Path.Combine(_dir, f)), $"{f} missing:\n{output}");
        Assert.Contains("kNN (k=10)", output);
        Assert.DoesNotContain("are also in --train", output); // separate seeds: no leakage between the two folders
    }

    [Fact]
    public void The_real_data_walk_runs_from_the_repository_root()
    {
        var (code, output) = Bash(Block("Real data walk"), Fixtures.RepoRoot, ("OUT", _dir));
        Assert.True(code == 0, output);
        Assert.Matches(@"Embedded \d+ images", output);
        Assert.True(File.Exists(Path.Combine(_dir, "knn-hpa.csv")), output);
        Assert.Single(Directory.GetFiles(Path.Combine(_dir, "emb-cp"), "*.parquet"));
        Assert.Contains("Embedded 5 images", output); // the 5 CellProfiler cells
    }

    [GeneratedRegex(@"```bash\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex BashBlock();
}
