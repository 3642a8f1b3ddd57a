using CellDino.Cli.Infrastructure;
using CellDino.Core.Models;
using CellDino.Eval.Embedding;
using CellDino.TestSupport;

namespace CellDino.Cli.Tests;

/// <summary>
/// What only real processes show: two jobs racing on one embedding folder, SIGTERM and kill -9 in the middle of a run,
/// and the memory the tool takes on hostile files. Each test runs <c>celldino</c> as a child process (<see cref="CliProcess"/>).
/// </summary>
public sealed class CliProcessTests() : CliTestFolder("celldino-cli-proc-")
{
    private static string ErrorLine(string err) =>
        Assert.Single(err.Split('\n').Select(l => l.Trim()), l => l.StartsWith("celldino: ", StringComparison.Ordinal) && !l.StartsWith("celldino: warning", StringComparison.Ordinal));

    [Fact]
    public void Two_jobs_of_one_array_with_different_models_started_together_never_mix_their_shards()
    {
        var a = HostileFiles.Backbone(P("a.safetensors"), seed: 1);
        var b = HostileFiles.Backbone(P("b.safetensors"), seed: 2);
        string[] Embed(string model, string shard) =>
            ["embed", "--checkpoint", model, "--data", "40", "--layout", "synthetic-hpa", "--rows-per-shard", "5", "--shard", shard, "--out", P("emb")];
        using var first = CliProcess.Start(Embed(a, "1/2"));
        using var second = CliProcess.Start(Embed(b, "2/2"));
        var results = new[] { first.WaitForExit(), second.WaitForExit() };
        // Exactly one job's manifest lands; the other job is refused before it writes a shard.
        Assert.Equal([0, ExitCodes.BadInput], results.Select(r => r.Code).Order());
        var loser = results.Single(r => r.Code != 0);
        var line = ErrorLine(loser.Err);
        Assert.Contains($"{P("emb/embeddings.json")} describes a different run than this one: it was embedded with a different model", line);
        int winnerJob = results[0].Code == 0 ? 0 : 1;
        var manifest = EmbeddingManifest.Load(P("emb/embeddings.json"));
        var (firstShard, count) = manifest.JobShards(winnerJob, 2);
        var expected = Enumerable.Range(firstShard, count).Select(k => $"part-{k:D6}.parquet");
        Assert.Equal(expected, Directory.GetFiles(P("emb"), "part-*").Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Empty(Directory.GetFiles(P("emb"), "*.tmp"));
        // The other job with the winner's model completes the folder.
        var rest = CliProcess.Run(Embed(winnerJob == 0 ? a : b, winnerJob == 0 ? "2/2" : "1/2"));
        Assert.True(rest.Code == 0, rest.Err);
        Assert.Equal(40, EmbeddingShards.Read(P("emb")).Count);
    }

    [Fact]
    public async Task A_second_run_of_the_same_job_is_refused_and_SIGTERM_leaves_only_complete_shards()
    {
        var model = HostileFiles.Backbone(P("vit.safetensors"));
        string[] Embed() => ["embed", "--checkpoint", model, "--data", "20000", "--layout", "synthetic-hpa", "--rows-per-shard", "64", "--out", P("emb")];
        using var running = CliProcess.Start(Embed());
        running.WaitUntil(() => Directory.Exists(P("emb")) && Directory.GetFiles(P("emb"), "part-*.parquet").Length >= 2, "two finished shards");

        var second = CliProcess.Run(Embed());
        Assert.Equal(ExitCodes.BadInput, second.Code);
        Assert.Contains($"another embed run is writing job 1/1 of {P("emb")}", ErrorLine(second.Err));

        running.Signal("TERM");
        var (code, _, err) = running.WaitForExit(TimeSpan.FromSeconds(60));
        Assert.Equal(ExitCodes.Cancelled, code);
        Assert.Contains("celldino: cancelled; finished outputs are complete", err);
        // Every shard on disk is whole (the one in progress was not written), and nothing else is left behind.
        var manifest = EmbeddingManifest.Load(P("emb/embeddings.json"));
        var shards = Directory.GetFiles(P("emb"), "part-*.parquet").Order(StringComparer.Ordinal).ToArray();
        Assert.InRange(shards.Length, 2, manifest.ShardCount - 1);
        foreach (var shard in shards)
        {
            int k = int.Parse(Path.GetFileNameWithoutExtension(shard)["part-".Length..], System.Globalization.CultureInfo.InvariantCulture);
            await using var stream = File.OpenRead(shard);
            await using var reader = await Parquet.ParquetReader.CreateAsync(stream);
            Assert.Equal(manifest.RowsIn(k), reader.RowGroups.Sum(g => g.RowCount));
        }
        Assert.Empty(Directory.GetFiles(P("emb"), "*.tmp"));
        Assert.Empty(Directory.GetFiles(P("emb"), ".*.lock"));
    }

    [Fact]
    public void Kill_9_after_a_checkpoint_then_resume_gives_the_uninterrupted_runs_weights_and_log()
    {
        string[] Pretrain(string output) => ["pretrain", "--data", "32", "--layout", "synthetic-hpa", "--preset", "tiny", "--set", "optim.epochs=1",
            "--set", "train.official_epoch_length=120", "--set", "train.batch_size_per_gpu=8", "--set", "train.saveckp_freq=10", "--out", P(output)];
        var whole = CliProcess.Run(Pretrain("whole"));
        Assert.True(whole.Code == 0, whole.Err);

        int Logged() => File.Exists(P("killed/training_log.csv")) ? File.ReadAllLines(P("killed/training_log.csv")).Length - 1 : 0;
        using (var run = CliProcess.Start(Pretrain("killed")))
        {
            run.WaitUntil(() => File.Exists(P("killed/checkpoint.safetensors")) && Logged() >= 15, "the first checkpoint and 15 logged rows");
            run.Signal("KILL");
            Assert.NotEqual(0, run.WaitForExit().Code);
        }
        Assert.InRange(Logged(), 15, 119); // killed mid-run, past its first checkpoint
        var resumed = CliProcess.Run("pretrain", "--data", "32", "--layout", "synthetic-hpa", "--out", P("killed"), "--resume");
        Assert.True(resumed.Code == 0, resumed.Err);

        Assert.True(File.ReadAllBytes(P("whole/config.json")).SequenceEqual(File.ReadAllBytes(P("killed/config.json"))), "config.json differs from the uninterrupted run's");
        // Every tensor bit for bit and every metadata entry but the run's identity, which the resumed run keeps from the killed one.
        foreach (var file in new[] { "checkpoint.safetensors", "teacher_backbone.safetensors" })
        {
            using var straight = CellDino.Core.Checkpoints.SafeTensors.Read(P($"whole/{file}"), out var straightMeta);
            using var killed = CellDino.Core.Checkpoints.SafeTensors.Read(P($"killed/{file}"), out var killedMeta);
            Assert.Equal(straightMeta.Where(m => m.Key != "run_id").OrderBy(m => m.Key), killedMeta.Where(m => m.Key != "run_id").OrderBy(m => m.Key));
            Assert.Equal(straight.Keys.Order(), killed.Keys.Order());
            foreach (var key in straight.Keys) Assert.True(straight[key].shape.SequenceEqual(killed[key].shape) && straight[key].eq(killed[key]).all().item<bool>(), $"{file}: {key} differs from the uninterrupted run's");
        }
        // The log, loss columns included, row for row: the rows after the checkpoint were replaced by the resumed ones.
        Assert.Equal(File.ReadAllLines(P("whole/training_log.csv")), File.ReadAllLines(P("killed/training_log.csv")));
        Assert.Equal(121, File.ReadAllLines(P("killed/training_log.csv")).Length);
    }

    [Fact]
    public void The_worst_hostile_inputs_are_refused_with_exit_2_in_bounded_memory()
    {
        Directory.CreateDirectory(P("png"));
        HostileFiles.PngBomb(P("png/bomb.png"), 40000, 40000);
        File.WriteAllText(P("png/list.csv"), "file\nbomb.png\n");
        Directory.CreateDirectory(P("tiff"));
        HostileFiles.TiffBomb(P("tiff/bomb.tif"), 20000, 20000, pages: 4);
        var model = HostileFiles.Backbone(P("vit.safetensors"));
        var pth = HostileFiles.PthWithForgedStorageLength(P("forged.pth"), 2_000_000_000);
        var huge = HostileFiles.SafetensorsWithDeclaredConfig(P("huge.safetensors"), VitConfig.Tiny(8, 4) with { EmbedDim = 8192, Depth = 48, NumHeads = 64 });
        string[] Official(string file) => ["--checkpoint", file, "--arch", "vit_micro", "--patch-size", "8", "--in-chans", "4", "--img-size", "32"];
        var cases = new (string[] Args, string Names)[]
        {
            (["embed", "--checkpoint", model, "--data", P("png/list.csv"), "--layout", "celldino-png", "--out", P("o1")], "bomb.png"),
            (["embed", "--checkpoint", model, "--data", P("tiff"), "--layout", "tiff-folder", "--out", P("o2")], "bomb.tif"),
            (["embed", .. Official(pth), "--data", "4", "--layout", "synthetic-hpa", "--out", P("o3")], "forged.pth"),
            (["embed", "--checkpoint", huge, "--data", "4", "--layout", "synthetic-hpa", "--out", P("o4")], "huge.safetensors"),
        };
        foreach (var (args, names) in cases)
        {
            using var run = CliProcess.Start(args);
            var (code, _, err) = run.WaitForExit();
            Assert.True(code == ExitCodes.BadInput, $"{names}: exit {code}: {err}");
            Assert.Contains(names, ErrorLine(err));
            Assert.True(run.PeakRssBytes is > 0 and < 3L << 29, $"{names}: peak RSS {run.PeakRssBytes >> 20} MiB, expected under 1.5 GiB");
        }
    }
}
