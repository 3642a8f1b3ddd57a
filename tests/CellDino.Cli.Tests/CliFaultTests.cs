using CellDino.Cli.Infrastructure;
using CellDino.Eval.Embedding;
using CellDino.TestSupport;

namespace CellDino.Cli.Tests;

/// <summary>
/// Faults a user meets through the command line: an output that cannot be written, several bad images in one batch,
/// pixel data corrupt behind a valid header, a job array. Each is one line with its documented exit code, and no
/// partial output.
/// </summary>
public sealed class CliFaultTests() : CliTestFolder("celldino-cli-faults-")
{
    // The one error line (progress lines come before it on standard error).
    private static string ErrorLine(string err) =>
        Assert.Single(err.Split('\n').Select(l => l.Trim()), l => l.StartsWith("celldino: ", StringComparison.Ordinal) && !l.StartsWith("celldino: warning", StringComparison.Ordinal));

    private void AssertNoTemporaryFiles() => Assert.Empty(Directory.GetFiles(Dir, "*.tmp", SearchOption.AllDirectories));

    [Fact]
    public void An_embed_shard_that_cannot_be_written_exits_6_naming_it_and_keeps_the_finished_shards()
    {
        var vit = HostileFiles.Backbone(P("vit.safetensors"));
        Directory.CreateDirectory(P("emb/part-000001.parquet")); // the second shard's path is taken by a folder: fails for root too
        var r = Run("embed", "--checkpoint", vit, "--data", "12", "--layout", "synthetic-hpa", "--rows-per-shard", "4", "--out", P("emb"));
        Assert.Equal(ExitCodes.InputOutput, r.Code);
        Assert.Equal($"celldino: cannot write {P("emb/part-000001.parquet")}: it is a folder, not a file", ErrorLine(r.Err));
        Assert.True(File.Exists(P("emb/part-000000.parquet"))); // finished before the fault, complete
        Assert.False(File.Exists(P("emb/part-000002.parquet")));
        AssertNoTemporaryFiles();
        Assert.Empty(Directory.GetFiles(P("emb"), ".*.lock"));
    }

    [Fact]
    public void A_pretrain_output_that_cannot_be_written_exits_6_naming_it()
    {
        File.WriteAllText(P("file"), "not a folder");
        string[] Args(string output, params string[] extra) => ["pretrain", "--data", "16", "--layout", "synthetic-hpa", "--preset", "tiny", "--set", "optim.epochs=1",
            "--set", "train.official_epoch_length=2", "--set", "train.batch_size_per_gpu=8", "--out", output, .. extra];
        var under = Run(Args(P("file/run")));
        Assert.Equal(ExitCodes.InputOutput, under.Code);
        Assert.Equal($"celldino: cannot write {P("file/run")}: {P("file")} is a file, not a folder", ErrorLine(under.Err));

        // A resumed run whose training log's path is taken by a folder: the log cannot be rewritten.
        Assert.Equal(0, Run(Args(P("run"))).Code);
        File.Delete(P("run/training_log.csv"));
        Directory.CreateDirectory(P("run/training_log.csv"));
        var resume = Run("pretrain", "--data", "16", "--layout", "synthetic-hpa", "--out", P("run"), "--resume");
        Assert.Equal(ExitCodes.InputOutput, resume.Code);
        Assert.Equal($"celldino: cannot write {P("run/training_log.csv")}: it is a folder, not a file", ErrorLine(resume.Err));
        AssertNoTemporaryFiles();
    }

    // synth's HPA folder with the green channel of the samples at the given dataset positions replaced by broken files.
    private (string Data, string[] Ids) HpaWithBadGreen(string name, Action<string> damage, params int[] positions)
    {
        Assert.Equal(0, Run("synth", "--layout", "hpa", "--count", "8", "--size", "32", "--out", P(name)).Code);
        var ids = File.ReadAllLines(P($"{name}/train.csv")).Skip(1).Select(l => l.Split(',')[0]).ToArray();
        foreach (var i in positions) damage(P($"{name}/train/{ids[i]}_green.png"));
        return (P(name), ids);
    }

    [Fact]
    public void Two_bad_images_in_one_batch_report_the_first_one_as_one_line()
    {
        var vit = HostileFiles.Backbone(P("vit.safetensors"));
        var (data, ids) = HpaWithBadGreen("two", f => File.WriteAllBytes(f, File.ReadAllBytes(f)[..20]), 2, 5);
        var r = Run("embed", "--checkpoint", vit, "--data", data, "--out", P("emb"));
        Assert.Equal(ExitCodes.BadInput, r.Code);
        Assert.Contains($"{ids[2]}_green.png", ErrorLine(r.Err));
        Assert.DoesNotContain("AggregateException", r.Err);
        Assert.DoesNotContain("internal error", r.Err);
    }

    [Fact]
    public void Skip_bad_skips_and_reports_a_file_whose_pixel_data_is_corrupt_behind_a_valid_header()
    {
        var vit = HostileFiles.Backbone(P("vit.safetensors"));
        var (data, ids) = HpaWithBadGreen("idat", HostileFiles.CorruptPngData, 3);
        var strict = Run("embed", "--checkpoint", vit, "--data", data, "--out", P("strict"));
        Assert.Equal(ExitCodes.BadInput, strict.Code);
        Assert.Contains($"{ids[3]}_green.png", strict.Err);
        var skipping = Run("embed", "--checkpoint", vit, "--data", data, "--out", P("skipped"), "--skip-bad");
        Assert.True(skipping.Code == 0, skipping.Err);
        Assert.Contains("skipped 1 bad input", skipping.Err);
        Assert.Contains($"{ids[3]}_green.png", skipping.Err);
        Assert.Contains("7 images", skipping.Out);
        Assert.DoesNotContain(EmbeddingShards.Read(P("skipped")).Metadata, m => m.Id == ids[3]);
    }

    [Fact]
    public void Shard_i_of_n_from_the_command_line_gives_even_jobs_whose_union_is_the_whole_run()
    {
        var vit = HostileFiles.Backbone(P("vit.safetensors"));
        string[] Embed(string output, params string[] extra) => ["embed", "--checkpoint", vit, "--data", "15", "--layout", "synthetic-hpa", "--out", P(output), .. extra];
        Assert.Equal(0, Run(Embed("whole")).Code);
        var counts = new List<int>();
        for (int job = 1; job <= 4; job++)
        {
            var r = Run(Embed("jobs", "--shard", $"{job}/4", "--rows-per-shard", "2"));
            Assert.True(r.Code == 0, r.Err);
            counts.Add(int.Parse(r.Out.Split("Embedded ")[1].Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture));
        }
        Assert.Equal([3, 4, 4, 4], counts); // 15 rows over 4 jobs (was 6, 3, 3, 3)
        var (whole, jobs) = (EmbeddingShards.Read(P("whole")), EmbeddingShards.Read(P("jobs")));
        Assert.Equal(whole.Metadata.Select(m => m.Id), jobs.Metadata.Select(m => m.Id));
        Assert.Equal(whole.Features, jobs.Features);
    }
}
