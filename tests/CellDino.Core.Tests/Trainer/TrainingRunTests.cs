using CellDino.Core.Training;
using Xunit;
using static TorchSharp.torch;

namespace CellDino.Core.Tests.Trainer;

public sealed class TrainingRunTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "celldino-run-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, true);
    }

    private static Tensor Images() => rand([12, 4, 40, 40], generator: new Generator(5)) * 255f;

    private static string[] Files(string dir) => Directory.GetFiles(dir).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray()!;

    private static Dictionary<string, byte[]> Contents(string dir) => Directory.GetFiles(dir).ToDictionary(f => Path.GetFileName(f)!, File.ReadAllBytes);

    [Fact]
    public void A_run_writes_its_four_files_and_a_log_row_per_step()
    {
        using var images = Images();
        var config = CellDinoTrainerTests.TinyConfig();
        using (var run = TrainingRun.Create(_dir, config, new TrainerOptions { Device = CPU }))
        {
            Assert.False(Directory.Exists(_dir)); // nothing is written before training starts
            run.Train(new TensorImageSource(images, 4, 255));
        }
        Assert.Equal(TrainingRun.FileNames.Order(StringComparer.Ordinal), Files(_dir));
        var log = File.ReadAllLines(Path.Combine(_dir, TrainingRun.LogFileName));
        Assert.Equal(1 + config.TotalIterations, log.Length);
        Assert.Equal(Enumerable.Range(0, config.TotalIterations).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), log.Skip(1).Select(l => l.Split(',')[0]));
        Assert.Contains("\"batch_size_per_gpu\": 4", File.ReadAllText(Path.Combine(_dir, TrainingRun.ConfigFileName)));
    }

    [Fact]
    public void A_folder_holding_a_run_is_refused_and_an_overwrite_that_fails_to_start_leaves_the_old_run_intact()
    {
        using var images = Images();
        var config = CellDinoTrainerTests.TinyConfig();
        using (var run = TrainingRun.Create(_dir, config, new TrainerOptions { Device = CPU })) run.Train(new TensorImageSource(images, 4, 255));
        var old = Contents(_dir);

        var refused = Assert.Throws<InvalidOperationException>(() => TrainingRun.Create(_dir, config));
        Assert.Contains(_dir, refused.Message);
        Assert.Contains(TrainingRun.LogFileName, refused.Message);
        Assert.Contains("--overwrite", refused.Message);

        // The new run fails before its first checkpoint (a 3-channel source for a 4-channel model): nothing of the old run changes.
        using var wrong = rand([8, 3, 40, 40]) * 255f;
        using (var run = TrainingRun.Create(_dir, config with { Train = config.Train with { Seed = 9 } }, new TrainerOptions { Device = CPU }, overwrite: true))
            Assert.Throws<ArgumentException>(() => run.Train(new TensorImageSource(wrong, 4, 255)));
        Assert.Equal(old.Keys.Order(), Contents(_dir).Keys.Order());
        foreach (var (name, bytes) in Contents(_dir)) Assert.True(old[name].SequenceEqual(bytes), $"{name} changed");

        // With a working source the new run replaces every file.
        var other = config with { Train = config.Train with { Seed = 9, BatchSizePerGpu = 3 } };
        using (var run = TrainingRun.Create(_dir, other, new TrainerOptions { Device = CPU }, overwrite: true)) run.Train(new TensorImageSource(images, 3, 255));
        Assert.Equal(TrainingRun.FileNames.Order(StringComparer.Ordinal), Files(_dir));
        foreach (var (name, bytes) in Contents(_dir)) Assert.False(old[name].SequenceEqual(bytes), $"{name} is still the old run's");
        Assert.Contains("\"batch_size_per_gpu\": 3", File.ReadAllText(Path.Combine(_dir, TrainingRun.ConfigFileName)));
    }

    [Fact]
    public void A_resumed_run_continues_the_log_exactly_as_an_uninterrupted_one_writes_it()
    {
        using var images = Images();
        var config = CellDinoTrainerTests.TinyConfig();
        var straight = Path.Combine(_dir, "straight");
        var resumed = Path.Combine(_dir, "resumed");
        using (var run = TrainingRun.Create(straight, config, new TrainerOptions { Device = CPU })) run.Train(new TensorImageSource(images, 4, 255));
        using (var run = TrainingRun.Create(resumed, config, new TrainerOptions { Device = CPU, StopAtIteration = 5 })) run.Train(new TensorImageSource(images, 4, 255));
        Assert.Equal(6, File.ReadAllLines(Path.Combine(resumed, TrainingRun.LogFileName)).Length);
        using (var run = TrainingRun.Resume(resumed, new TrainerOptions { Device = CPU }))
        {
            Assert.Equal(5, run.Trainer.Iteration);
            run.Train(new TensorImageSource(images, 4, 255));
        }
        Assert.Equal(File.ReadAllText(Path.Combine(straight, TrainingRun.LogFileName)), File.ReadAllText(Path.Combine(resumed, TrainingRun.LogFileName)));
        Assert.Throws<FileNotFoundException>(() => TrainingRun.Resume(Path.Combine(_dir, "none")));
    }

    [Fact]
    public void Resume_finishes_a_commit_that_a_kill_interrupted()
    {
        using var images = Images();
        var config = CellDinoTrainerTests.TinyConfig();
        using (var run = TrainingRun.Create(_dir, config, new TrainerOptions { Device = CPU })) run.Train(new TensorImageSource(images, 4, 255));
        var oldConfig = File.ReadAllText(Path.Combine(_dir, TrainingRun.ConfigFileName));
        var other = config with { Train = config.Train with { Seed = 11 } };
        string runId;
        using (var run = TrainingRun.Create(_dir, other, new TrainerOptions { Device = CPU, StopAtIteration = 4 }, overwrite: true))
        {
            run.Train(new TensorImageSource(images, 4, 255));
            runId = run.Trainer.RunId;
        }
        var newLog = File.ReadAllText(Path.Combine(_dir, TrainingRun.LogFileName));
        // The state a kill right after the new run's first checkpoint leaves: its log still staged, the old config in place.
        File.Move(Path.Combine(_dir, TrainingRun.LogFileName), Path.Combine(_dir, $".training_log.{runId}.partial"));
        File.WriteAllText(Path.Combine(_dir, TrainingRun.ConfigFileName), oldConfig);
        File.WriteAllText(Path.Combine(_dir, ".training_log.0123.partial"), "a stale staged log of a run that never checkpointed\n");
        using (var run = TrainingRun.Resume(_dir, new TrainerOptions { Device = CPU }))
        {
            Assert.Equal(runId, run.Trainer.RunId);
            Assert.Equal(newLog, File.ReadAllText(Path.Combine(_dir, TrainingRun.LogFileName)));
            Assert.Contains("\"seed\": 11", File.ReadAllText(Path.Combine(_dir, TrainingRun.ConfigFileName)));
            Assert.DoesNotContain(Directory.GetFiles(_dir), f => f.EndsWith(".partial", StringComparison.Ordinal));
        }
    }
}
