using CellDino.Cli;
using CellDino.Cli.Infrastructure;
using Xunit;

namespace CellDino.Cli.Tests;

public sealed class CliTests() : CliTestFolder("celldino-cli-")
{
    [Fact]
    public void HelpListsEveryCommandWithExamples()
    {
        var (code, output, _) = Run("--help");
        Assert.Equal(0, code);
        foreach (var c in new[] { "demo", "synth", "pretrain", "embed", "eval", "profile", "plot", "info" }) Assert.Contains(c, output);
        foreach (var c in new[] { "demo", "synth", "pretrain", "embed", "profile" })
            Assert.Contains("Example", Run(c, "--help").Out);
        Assert.Contains("Example", Run("eval", "knn", "--help").Out);
        // --device says what this build runs on.
        foreach (var c in new[] { "pretrain", "embed", "demo" }) Assert.Contains("libtorch-cpu-linux-x64", Run(c, "--help").Out);
    }

    [Fact]
    public void ClosedChoicesAreTheLibrarysNames()
    {
        foreach (var (command, option, names) in new (string Command, string Option, IReadOnlyList<string> Names)[]
        {
            ("embed", "--features", CellDino.Eval.Embedding.EmbedderOptions.KindNames.Names),
            ("embed", "--format", CellDino.Eval.Embedding.ShardOptions.FormatNames.Names),
            ("embed", "--cell-masking", CellDino.Data.Readers.SingleCellOptions.MaskingNames.Names),
            ("profile", "--sphering", CellDino.Eval.Profiling.Spherize.MethodNames.Names),
            ("synth", "--layout", CellDino.Data.Synthetic.SyntheticDatasetWriter.Layouts.Names),
        })
        {
            var help = Run(command, "--help").Out;
            Assert.Contains($"{option} <{string.Join('|', names.Order(StringComparer.Ordinal))}>", help); // help lists them sorted
            var (code, _, err) = Run(command, option, "no-such-choice", "--out", P("x"));
            Assert.Equal(ExitCodes.BadInput, code);
            Assert.Contains("no-such-choice", err);
        }
    }

    [Fact]
    public void InfoReportsVersionsAndDevice()
    {
        var (code, output, _) = Run("info");
        Assert.Equal(0, code);
        Assert.Contains("TorchSharp", output);
        Assert.Contains("libtorch", output);
        Assert.Contains("CUDA", output);
    }

    [Fact]
    public void SynthPretrainEmbedEvaluateAndPlotFromTheCommandLine()
    {
        Assert.Equal(0, Run("synth", "--layout", "hpa", "--count", "48", "--size", "64", "--out", P("hpa")).Code);
        var train = Run("pretrain", "--data", P("hpa"), "--preset", "tiny", "--set", "optim.epochs=1", "--set", "train.official_epoch_length=3",
            "--set", "train.batch_size_per_gpu=8", "--out", P("run"));
        Assert.True(train.Code == 0, train.Err);
        foreach (var f in new[] { "checkpoint.safetensors", "teacher_backbone.safetensors", "training_log.csv", "config.json" })
            Assert.True(File.Exists(P($"run/{f}")), f);
        Assert.Equal(4, File.ReadAllLines(P("run/training_log.csv")).Length); // header + 3 iterations

        var embed = Run("embed", "--checkpoint", P("run/teacher_backbone.safetensors"), "--data", P("hpa"), "--out", P("emb"), "--rows-per-shard", "20");
        Assert.True(embed.Code == 0, embed.Err);
        Assert.Contains("48 images", embed.Out);
        var again = Run("embed", "--checkpoint", P("run/teacher_backbone.safetensors"), "--data", P("hpa"), "--out", P("emb"), "--rows-per-shard", "20");
        Assert.Contains("3 already done", again.Out);

        var knn = Run("eval", "knn", "--train", P("emb"), "--test", P("emb"), "--task", "localization", "--class-names", "synthetic", "--k", "1", "--out", P("knn.csv"));
        Assert.True(knn.Code == 0, knn.Err);
        Assert.Contains("kNN (k=1) | macro F1", knn.Out);
        Assert.Contains("48 of the 48 --test samples are also in --train", knn.Err); // the same folder twice: leakage
        // The embeddings store the synthetic class list (synth's classes.csv): the HPA list names their labels otherwise.
        var hpa = Run("eval", "knn", "--train", P("emb"), "--test", P("emb"), "--task", "localization", "--class-names", "hpa", "--k", "1");
        Assert.Equal(ExitCodes.BadInput, hpa.Code);
        Assert.Contains("--class-names hpa (28 classes) does not fit these samples: they use", hpa.Err);
        Assert.Contains($"0 {Data.Synthetic.SyntheticClasses.Names[0]}", hpa.Err);
        Assert.Contains("9-class list stored with the embeddings", hpa.Err);
        // Without --class-names eval uses the stored names.
        var stored = Run("eval", "knn", "--train", P("emb"), "--test", P("emb"), "--task", "localization", "--k", "1");
        Assert.True(stored.Code == 0, stored.Err);
        Assert.Equal(knn.Out, stored.Out);
        var csv = File.ReadAllLines(P("knn.csv"));
        Assert.Equal("task,features,classifier,macro_f1_x100,micro_f1_x100,accuracy_x100,macro_ap_x100", csv[0]);
        Assert.Contains("macro AP", knn.Out);
        Assert.Contains("(x100)", knn.Out);
        // The same number on the console and in the CSV: one unit.
        var macro = double.Parse(csv[1].Split(',')[3], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains($"macro F1 {macro.ToString("F1", System.Globalization.CultureInfo.InvariantCulture)}", knn.Out);

        // synth's metadata.csv is read beside train.csv, so the cell-line task works on the folder as written.
        var line = Run("eval", "knn", "--train", P("emb"), "--test", P("emb"), "--task", "cell-line", "--k", "1", "--out", P("line.csv"));
        Assert.True(line.Code == 0, line.Err);
        Assert.Contains("macro F1", line.Out);

        var plot = Run("plot", "umap", "--embeddings", P("emb"), "--task", "localization", "--class-names", "synthetic", "--out", P("umap.png"));
        Assert.True(plot.Code == 0, plot.Err);
        Assert.True(File.Exists(P("umap.png")) && File.Exists(P("umap.csv")));

        var resume = Run("pretrain", "--data", P("hpa"), "--out", P("run"), "--resume");
        Assert.True(resume.Code == 0, resume.Err);
        Assert.Contains("Resuming at iteration 3", resume.Err);
    }

    [Fact]
    public void ACollapsingRunWarnsOnItsOwnLineAndStopOnCollapseExitsWithCode5()
    {
        // A teacher ten times softer than the student gives uniform targets from the first step: uniform collapse.
        var run = Run("pretrain", "--data", "24", "--layout", "synthetic-hpa", "--preset", "tiny", "--set", "teacher.teacher_temp=1.0",
            "--set", "teacher.warmup_teacher_temp=1.0", "--set", "train.collapse_patience=3", "--set", "train.stop_on_collapse=true",
            "--set", "optim.epochs=1", "--set", "train.official_epoch_length=6", "--set", "train.batch_size_per_gpu=8", "--out", P("collapse"));
        Assert.Equal(ExitCodes.Collapsed, run.Code);
        var lines = run.Err.Split('\n').Select(l => l.Trim('\r', ' ')).ToList();
        Assert.Contains(lines, l => l.StartsWith("celldino: warning: uniform collapse since iteration 0", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("celldino: Training stopped (train.stop_on_collapse)", StringComparison.Ordinal));
        Assert.DoesNotContain("   at ", run.Err);
        Assert.True(File.Exists(P("collapse/checkpoint.safetensors")));
        var log = File.ReadAllLines(P("collapse/training_log.csv"));
        Assert.Equal(4, log.Length); // header + the 3 iterations before the stop
        Assert.EndsWith(",uniform", log[^1]);
        Assert.Contains("teacher_entropy", log[0]);
    }

    [Fact]
    public void ANewRunNeverMixesWithAFinishedOneInTheSameFolder()
    {
        string[] Args(params string[] extra) => ["pretrain", "--data", "16", "--layout", "synthetic-hpa", "--preset", "tiny", "--set", "optim.epochs=1",
            "--set", "train.official_epoch_length=2", "--set", "train.batch_size_per_gpu=8", "--out", P("mixed"), .. extra];
        Assert.Equal(0, Run(Args()).Code);
        var checkpoint = File.ReadAllBytes(P("mixed/checkpoint.safetensors"));
        var log = File.ReadAllText(P("mixed/training_log.csv"));
        var again = Run(Args("--set", "train.seed=7"));
        Assert.Equal(ExitCodes.BadInput, again.Code);
        Assert.Contains("already holds a training run", again.Err);
        Assert.Contains("--overwrite", again.Err);
        Assert.Equal(checkpoint, File.ReadAllBytes(P("mixed/checkpoint.safetensors"))); // untouched
        Assert.Equal(log, File.ReadAllText(P("mixed/training_log.csv")));
        var replaced = Run(Args("--set", "train.seed=7", "--overwrite"));
        Assert.True(replaced.Code == 0, replaced.Err);
        Assert.Contains("\"seed\": 7", File.ReadAllText(P("mixed/config.json")));
        Assert.Equal(3, File.ReadAllLines(P("mixed/training_log.csv")).Length);
    }

    [Fact]
    public void ParseErrorsWrappedFailuresAndWriteFailuresHaveTheirDocumentedCodes()
    {
        // An unknown option is bad input (2), as docs/cli.md says; System.CommandLine alone would exit 1.
        var unknown = Run("embed", "--no-such-option");
        Assert.Equal(ExitCodes.BadInput, unknown.Code);

        int Guarded(Func<int> body, out string err)
        {
            var e = new StringWriter();
            int code = CliApp.Guard(new CliContext(TextWriter.Null, e, default), body);
            err = e.ToString();
            return code;
        }
        // A parallel decode loop wraps the one real failure: it is reported as itself, naming the file.
        Assert.Equal(ExitCodes.BadInput, Guarded(() => throw new AggregateException(new CellDino.Data.DataFormatException("x/bad.png", "corrupt PNG.")), out var wrapped));
        Assert.Contains("bad.png", wrapped);
        Assert.DoesNotContain("AggregateException", wrapped);
        Assert.Single(wrapped.Trim().Split('\n'));
        // Disk full or a read-only folder: one line and its own code, not "internal error".
        Assert.Equal(ExitCodes.InputOutput, Guarded(() => throw new IOException("No space left on device : '/out/part-000001.parquet'"), out var full));
        Assert.Contains("cannot read or write a file", full);
        Assert.Contains("part-000001.parquet", full);
    }

    [Fact]
    public void SigtermFinishesTheStepWritesACheckpointAndExits130_AndKill9LosesNoLoggedRow()
    {
        string[] Args(params string[] extra) => ["pretrain", "--data", "32", "--layout", "synthetic-hpa", "--preset", "tiny", "--set", "optim.epochs=1",
            "--set", "train.official_epoch_length=100000", "--set", "train.batch_size_per_gpu=8", "--set", "train.saveckp_freq=5", "--out", P("term"), .. extra];
        int LoggedRows() => File.Exists(P("term/training_log.csv"))
            ? File.ReadAllLines(P("term/training_log.csv")).Length - 1 : 0;

        using (var run = CliProcess.Start(Args()))
        {
            run.WaitUntil(() => LoggedRows() >= 3, "3 logged rows");
            run.Signal("TERM");
            var (code, _, err) = run.WaitForExit(TimeSpan.FromSeconds(60));
            Assert.Equal(ExitCodes.Cancelled, code);
            Assert.Contains("SIGTERM", err);
        }
        Assert.True(File.Exists(P("term/checkpoint.safetensors")));
        int afterTerm = LoggedRows();

        // kill -9 mid-run: every row reported before the kill is on disk, and a resume keeps exactly the checkpointed ones.
        using (var run = CliProcess.Start("pretrain", "--data", "32", "--layout", "synthetic-hpa", "--out", P("term"), "--resume"))
        {
            run.WaitUntil(() => LoggedRows() >= afterTerm + 8, $"{afterTerm + 8} logged rows");
            run.Signal("KILL");
            run.WaitForExit();
        }
        int afterKill = LoggedRows();
        Assert.True(afterKill >= afterTerm + 8);
        using (var trainer = CellDino.Core.Training.CellDinoTrainer.Resume(P("term/checkpoint.safetensors"), new CellDino.Core.Training.TrainerOptions { Device = TorchSharp.torch.CPU }))
        {
            using (CellDino.Core.Training.TrainingLog.Open(P("term/training_log.csv"), trainer.Iteration)) { }
            var iterations = File.ReadAllLines(P("term/training_log.csv")).Skip(1).Select(l => long.Parse(l.Split(',')[0], System.Globalization.CultureInfo.InvariantCulture)).ToArray();
            Assert.Equal(Enumerable.Range(0, (int)trainer.Iteration).Select(i => (long)i), iterations);
        }
    }

    [Fact]
    public void SkipBadSkipsAnUndecodableImageAndReportsIt()
    {
        Assert.Equal(0, Run("synth", "--layout", "hpa", "--count", "8", "--size", "32", "--out", P("bad")).Code);
        var victim = Directory.GetFiles(P("bad/train"), "*_green.png").Order(StringComparer.Ordinal).First();
        File.WriteAllBytes(victim, File.ReadAllBytes(victim)[..20]); // truncated inside the header
        CellDino.TestSupport.HostileFiles.Backbone(P("vit.safetensors"));
        var strict = Run("embed", "--checkpoint", P("vit.safetensors"), "--data", P("bad"), "--out", P("bademb"));
        Assert.Equal(ExitCodes.BadInput, strict.Code);
        Assert.Contains(Path.GetFileName(victim), strict.Err);
        var skipping = Run("embed", "--checkpoint", P("vit.safetensors"), "--data", P("bad"), "--out", P("bademb2"), "--skip-bad");
        Assert.True(skipping.Code == 0, skipping.Err);
        Assert.Contains("skipped 1 bad input", skipping.Err);
        Assert.Contains(Path.GetFileName(victim), skipping.Err);
        Assert.Contains("7 images", skipping.Out);
    }

    [Fact]
    public async Task CellPaintingProfilesFromTheCommandLine()
    {
        Assert.Equal(0, Run("synth", "--layout", "cellpainting", "--count", "96", "--size", "64", "--out", P("cp")).Code);
        // A lab plate map carries more columns than the reader maps to fields: a per-well dose stays with the wells.
        var map = File.ReadAllLines(P("cp/platemap.csv"));
        File.WriteAllLines(P("cp/platemap.csv"), [map[0] + ",Metadata_Dose", .. map.Skip(1).Select((l, i) => l + "," + (0.5 * (i % 3)).ToString(System.Globalization.CultureInfo.InvariantCulture))]);
        var train = Run("pretrain", "--data", P("cp"), "--layout", "cellpainting", "--preset", "tiny", "--set", "student.in_chans=5", "--set", "crops.protein_channel=null",
            "--set", "optim.epochs=1", "--set", "train.official_epoch_length=2", "--set", "train.batch_size_per_gpu=8", "--out", P("cprun"));
        Assert.True(train.Code == 0, train.Err);
        var embed = Run("embed", "--checkpoint", P("cprun/checkpoint.safetensors"), "--data", P("cp"), "--layout", "cellpainting", "--out", P("cpemb"));
        Assert.True(embed.Code == 0, embed.Err);
        var profile = Run("profile", "--embeddings", P("cpemb"), "--out", P("wells.csv"));
        Assert.True(profile.Code == 0, profile.Err);
        // One unit with eval and demo: x100, labelled; an accuracy that cannot be measured says why instead of NaN.
        Assert.Matches(@"MoA micro AUPRC \d+\.\d \| shuffled labels \d+\.\d \| treatment accuracy (\d+\.\d|n/a \(needs ≥ 3 wells per treatment[^)]*\)) \(x100\)", profile.Out);
        Assert.DoesNotContain("NaN", profile.Out);
        var wells = File.ReadAllLines(P("wells.csv"));
        Assert.StartsWith("Metadata_Plate,Metadata_Well,Metadata_Treatment,Metadata_MoA,Metadata_IsControl,Metadata_CellLine,Metadata_Dose,emb_0000,", wells[0]);
        var first = wells[1].Split(',');
        Assert.False(string.IsNullOrEmpty(first[2]), wells[1]); // the plate map's treatment reached the profile
        Assert.False(string.IsNullOrEmpty(first[5]), wells[1]); // and LoadData's cell line
        Assert.Contains(wells.Skip(1), l => l.Split(',')[4] == "true"); // controls are marked

        // Parquet profiles for the same run: the control flag a bool column, the dose a double, the embeddings' provenance kept.
        Assert.Equal(0, Run("profile", "--embeddings", P("cpemb"), "--out", P("wells.parquet")).Code);
        await using var stream = File.OpenRead(P("wells.parquet"));
        await using var reader = await Parquet.ParquetReader.CreateAsync(stream);
        var fields = reader.Schema.GetDataFields();
        Assert.Equal(typeof(bool), fields.Single(f => f.Name == "Metadata_IsControl").ClrType);
        Assert.Equal(typeof(double), fields.Single(f => f.Name == "Metadata_Dose").ClrType);
        Assert.Equal(typeof(double), fields.Single(f => f.Name == "emb_0000").ClrType);
        Assert.DoesNotContain(fields, f => f.Name.StartsWith("Extra_", StringComparison.Ordinal) || f.Name.Contains("FileName", StringComparison.Ordinal));
        Assert.Equal(wells.Length - 1, reader.OpenRowGroupReader(0).RowCount);
        var kv = reader.CustomMetadata;
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(P("cprun/checkpoint.safetensors")))), kv["celldino.checkpoint_sha256"]);
        Assert.Equal("zca-celldino", kv["celldino.sphering"]);
        Assert.Equal(CellDino.Core.CellDinoVersion.Informational, kv["celldino.profile_version"]);
    }

    [Fact]
    public void MistakesGiveOneClearMessageAndAnExitCode()
    {
        var missing = Run("embed", "--checkpoint", P("none.pth"), "--data", P("x"), "--out", P("o"));
        Assert.Equal(ExitCodes.BadInput, missing.Code);
        Assert.Contains("none.pth", missing.Err);
        Assert.DoesNotContain("   at ", missing.Err); // no stack trace

        var resume = Run("pretrain", "--data", P("x"), "--out", P("nothing"), "--resume");
        Assert.Equal(ExitCodes.BadInput, resume.Code);
        Assert.Contains("run without --resume", resume.Err);

        var badSet = Run("pretrain", "--data", "8", "--layout", "synthetic-hpa", "--set", "optim.epoch=3", "--out", P("r"));
        Assert.Equal(ExitCodes.BadInput, badSet.Code);
        Assert.Contains("no key 'epoch'", badSet.Err);

        Assert.NotEqual(0, Run("synth", "--layout", "tiff", "--out", P("s")).Code);
        Assert.NotEqual(0, Run("embed").Code); // required options missing

        // Missing folders and files: one line naming the path and what was expected, never .NET's own wording.
        var vit = CellDino.TestSupport.HostileFiles.Backbone(P("vit.safetensors"));
        Directory.CreateDirectory(P("empty"));
        Directory.CreateDirectory(P("hpa"));
        var mistakes = new (string[] Args, string Expected)[]
        {
            (["eval", "knn", "--train", P("no-emb"), "--test", P("no-emb"), "--task", "cell-line"], $"{P("no-emb")} does not exist; expected an embedding folder"),
            (["profile", "--embeddings", P("empty")], $"{P("empty")} is not an embedding folder (no embeddings.json); run `celldino embed --out {P("empty")}` first."),
            (["plot", "umap", "--embeddings", P("empty"), "--task", "cell-line", "--out", P("u.png")], "is not an embedding folder"),
            (["embed", "--checkpoint", vit, "--data", P("nowhere"), "--out", P("e1")], $"The hpa-kaggle dataset folder {P("nowhere")} does not exist."),
            (["embed", "--checkpoint", vit, "--data", P("hpa"), "--labels", P("nolabels.csv"), "--out", P("e2")], $"The labels CSV {P("nolabels.csv")} does not exist."),
            (["embed", "--checkpoint", vit, "--data", P("hpa"), "--layout", "hpa-single-cell", "--out", P("e3")], "The hpa-single-cell layout needs a masks folder"),
            (["embed", "--checkpoint", vit, "--data", P("nowhere.csv"), "--layout", "cellpainting", "--out", P("e4")], "The cellpainting LoadData CSV"),
            (["pretrain", "--data", "8", "--layout", "synthetic-hpa", "--config", P("none.yaml"), "--out", P("r2")], $"Config file {P("none.yaml")} does not exist."),
        };
        foreach (var (args, expected) in mistakes)
        {
            var r = Run(args);
            Assert.True(r.Code == ExitCodes.BadInput, $"{string.Join(' ', args)}: exit {r.Code}: {r.Err}");
            Assert.Contains(expected, r.Err);
            Assert.Single(r.Err.Trim().Split('\n'));
            foreach (var raw in new[] { "Could not find a part", "(Parameter", "   at ", "HpaKaggle" }) Assert.DoesNotContain(raw, r.Out + r.Err);
        }
    }

    [Fact]
    public void CtrlCStopsCleanlyWithACompleteCheckpoint()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        var result = Run(cts.Token, "pretrain", "--data", "64", "--layout", "synthetic-hpa", "--set", "train.batch_size_per_gpu=8", "--out", P("cancelled"));
        Assert.Equal(ExitCodes.Cancelled, result.Code);
        Assert.Contains("cancelled", result.Err);
        Assert.Empty(Directory.GetFiles(P("cancelled"), "*.tmp*"));
    }
}
