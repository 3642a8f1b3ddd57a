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
    public async Task The_real_data_walk_runs_from_the_repository_root()
    {
        var (code, output) = Bash(Block("Real data walk"), Fixtures.RepoRoot, ("OUT", _dir));
        Assert.True(code == 0, output);
        Assert.Matches(@"Embedded \d+ images", output);
        Assert.Contains("Embedded 5 images", output); // the 5 CellProfiler cells

        // The held-out fields are whole: no cell of theirs has a neighbour from its own image in the training set.
        Assert.DoesNotContain("also in --train", output);
        Assert.DoesNotContain("also have cells in --train", output);
        // eval printed its row: macro F1 over the classes present, and an AP that ranks (classes 5, 8 and 18 of the
        // held-out fields have no training cell, so their AP is their prevalence, far below 100).
        var row = Regex.Match(output, @"protein localization \| kNN \(k=1\) \| macro F1 (\d+\.\d) \| micro F1 \d+\.\d \| accuracy \d+\.\d \| macro AP (\d+\.\d) \(x100\)");
        Assert.True(row.Success, output);
        Assert.InRange(double.Parse(row.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture), 0.1, 99.9);
        var csv = File.ReadAllLines(Path.Combine(_dir, "knn-hpa.csv"));
        Assert.Equal("task,features,classifier,macro_f1_x100,micro_f1_x100,accuracy_x100,macro_ap_x100", csv[0]);
        Assert.StartsWith("protein localization,embeddings,kNN (k=1),", csv[1]);

        // The HPA cells' Parquet opens with the profiling columns, typed, the 2021 class names and their labels' names.
        var (hpa, hpaKv) = await Schema(Path.Combine(_dir, "emb-hpa-test"));
        foreach (var column in new[] { "Metadata_Id", "Metadata_ImageId", "Metadata_CellId", "Metadata_Labels", "Metadata_LabelNames", "Metadata_CellLine", "Metadata_Plate", "Metadata_Well", "Metadata_IsControl" })
            Assert.Contains(column, hpa.Keys);
        Assert.Equal(typeof(long), hpa["Metadata_CenterX"].ClrType);
        Assert.Equal(typeof(long), hpa["Metadata_CenterY"].ClrType);
        Assert.Contains("\"Nucleoplasm\"", hpaKv["celldino.class_names"]);
        Assert.Equal(19, System.Text.Json.JsonSerializer.Deserialize<string[]>(hpaKv["celldino.class_names"])!.Length);
        Assert.DoesNotContain(".0.0", hpaKv["celldino.version"]); // the informational version, not 0.1.0.0

        // The Cell Painting cells: plate-map columns typed and none repeated under a second name.
        var (cp, _) = await Schema(Path.Combine(_dir, "emb-cp"));
        Assert.Equal(typeof(long), cp["Metadata_seeding_density"].ClrType);
        Assert.Equal(typeof(long), cp["Metadata_CenterX"].ClrType);
        foreach (var repeated in new[] { "Metadata_cell_line", "Metadata_condition", "Extra_well", "Metadata_well" })
            Assert.DoesNotContain(repeated, cp.Keys);
        Assert.DoesNotContain(cp.Keys, k => k.StartsWith("Extra_", StringComparison.Ordinal));
        var cells = Eval.Embedding.EmbeddingShards.Read(Path.Combine(_dir, "emb-cp")).Metadata;
        Assert.All(cells, m => Assert.Equal(("DAOY", "standard", "C03"), (m.CellLine, m.Treatment, m.Well)));
    }

    private static async Task<(Dictionary<string, Parquet.Schema.DataField> Fields, IReadOnlyDictionary<string, string> KeyValues)> Schema(string folder)
    {
        await using var stream = File.OpenRead(Assert.Single(Directory.GetFiles(folder, "*.parquet")));
        await using var reader = await Parquet.ParquetReader.CreateAsync(stream);
        return (reader.Schema.GetDataFields().ToDictionary(f => f.Name), new Dictionary<string, string>(reader.CustomMetadata));
    }

    [GeneratedRegex(@"```bash\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex BashBlock();
}
