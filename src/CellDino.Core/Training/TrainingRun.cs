using CellDino.Core.Training.Config;

namespace CellDino.Core.Training;

/// <summary>
/// A training run's folder, the one place that decides what it holds (DINOv2's <c>output_dir</c> of one run):
/// <c>config.json</c>, <c>checkpoint.safetensors</c>, <c>training_log.csv</c> and, at the end,
/// <c>teacher_backbone.safetensors</c>. Used by <c>celldino pretrain</c>, the demo and dependency-injection users alike.
/// <list type="bullet">
/// <item>A folder holds one run: <see cref="Create"/> refuses a folder that already holds one unless asked to overwrite it,
/// and even then the old run's files stay untouched until the new run has written its first checkpoint; only then are the
/// config and log committed and the old teacher export removed (a new run that fails to start leaves the old one intact).</item>
/// <item>The log is appended and flushed per step, so a killed run keeps every reported row; <see cref="Resume"/> continues
/// it exactly after the checkpoint's iteration, and finishes a commit a kill interrupted.</item>
/// </list>
/// </summary>
public sealed class TrainingRun : IDisposable
{
    /// <summary>The run's configuration, written when the run commits.</summary>
    public const string ConfigFileName = "config.json";

    /// <summary>The per-step log (<see cref="TrainingLog"/>).</summary>
    public const string LogFileName = "training_log.csv";

    /// <summary>The teacher backbone under DINOv2's key names, written when training ends.</summary>
    public const string TeacherFileName = "teacher_backbone.safetensors";

    private TrainingLog? _log;
    private bool _committed;

    private TrainingRun(string directory, Func<TrainerOptions, CellDinoTrainer> build, TrainerOptions? options, bool committed)
    {
        Directory = directory;
        _committed = committed;
        var o = options ?? new TrainerOptions();
        Trainer = build(o with { OutputDirectory = directory, CheckpointWritten = path => { OnCheckpoint(); o.CheckpointWritten?.Invoke(path); } });
    }

    /// <summary>The files a run folder holds, in the order a user reads them.</summary>
    public static IReadOnlyList<string> FileNames { get; } = [ConfigFileName, CellDinoTrainer.CheckpointFileName, LogFileName, TeacherFileName];

    /// <summary>The run's folder.</summary>
    public string Directory { get; }

    /// <summary>The trainer this run drives (its networks, configuration, iteration and health).</summary>
    public CellDinoTrainer Trainer { get; }

    /// <summary>Path of the checkpoint.</summary>
    public string CheckpointPath => Path.Combine(Directory, CellDinoTrainer.CheckpointFileName);

    /// <summary>Path of the per-step log.</summary>
    public string LogPath => Path.Combine(Directory, LogFileName);

    /// <summary>Path of the configuration.</summary>
    public string ConfigPath => Path.Combine(Directory, ConfigFileName);

    /// <summary>Path of the exported teacher backbone.</summary>
    public string TeacherPath => Path.Combine(Directory, TeacherFileName);

    /// <summary>The run files present in <paramref name="directory"/> (empty when it holds no run or does not exist).</summary>
    public static IReadOnlyList<string> ExistingFiles(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        return FileNames.Where(f => File.Exists(Path.Combine(directory, f))).ToList();
    }

    /// <summary>
    /// Starts a new run of <paramref name="config"/> in <paramref name="directory"/>. A folder that holds a run is refused
    /// (<see cref="InvalidOperationException"/> naming its files) unless <paramref name="overwrite"/>; nothing is written until
    /// training starts, and the old run's files are replaced only at the new run's first checkpoint.
    /// </summary>
    public static TrainingRun Create(string directory, CellDinoConfig config, TrainerOptions? options = null, bool overwrite = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentNullException.ThrowIfNull(config);
        var existing = ExistingFiles(directory);
        if (existing.Count > 0 && !overwrite)
            throw new InvalidOperationException($"{directory} already holds a training run ({string.Join(", ", existing)}): continue it with --resume, " +
                "choose another folder, or pass --overwrite to replace it.");
        return new TrainingRun(directory, o => new CellDinoTrainer(config, o), options, committed: false);
    }

    /// <summary>Continues the run in <paramref name="directory"/> from its checkpoint, exactly where it stopped.</summary>
    public static TrainingRun Resume(string directory, TrainerOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        var checkpoint = Path.Combine(directory, CellDinoTrainer.CheckpointFileName);
        if (!File.Exists(checkpoint))
            throw new FileNotFoundException($"{checkpoint} does not exist: there is no run to resume in {directory}; run without --resume first to start one.", checkpoint);
        var run = new TrainingRun(directory, o => CellDinoTrainer.Resume(checkpoint, o), options, committed: true);
        try
        {
            // A kill between a new run's first checkpoint and its commit leaves the staged log beside the checkpoint.
            if (File.Exists(run.StagedLogPath)) run.Commit();
            foreach (var stale in System.IO.Directory.EnumerateFiles(directory, ".training_log.*.partial").Where(f => f != run.StagedLogPath)) File.Delete(stale);
        }
        catch
        {
            run.Dispose();
            throw;
        }
        return run;
    }

    /// <summary>
    /// Trains to the end of the run (see <see cref="CellDinoTrainer.Train"/>), appending every step to the log before
    /// reporting it, then exports the teacher backbone. Cancellation, a collapse stop or a non-finite loss leave the last
    /// checkpoint and the log of every completed step.
    /// </summary>
    public void Train(ITrainingImageSource source, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        AtomicFile.CreateDirectory(Directory);
        if (!_committed) foreach (var stale in System.IO.Directory.EnumerateFiles(Directory, ".training_log.*.partial")) File.Delete(stale);
        _log ??= TrainingLog.Open(_committed ? LogPath : StagedLogPath, Trainer.Iteration);
        Trainer.Train(source, new LoggedProgress(this, progress), cancellationToken);
        Trainer.ExportTeacherBackbone(TeacherPath);
    }

    /// <summary>Closes the log and releases the trainer; a run that never reached its first checkpoint leaves nothing behind.</summary>
    public void Dispose()
    {
        _log?.Dispose();
        if (!_committed && File.Exists(StagedLogPath)) File.Delete(StagedLogPath);
        Trainer.Dispose();
    }

    // Hidden beside the old run's log until the first checkpoint; named by the run so a resume finds its own.
    private string StagedLogPath => Path.Combine(Directory, $".training_log.{Trainer.RunId}.partial");

    private void OnCheckpoint()
    {
        if (!_committed) Commit();
    }

    // The new run owns the folder from its first checkpoint on: its config and log replace the old ones, the old teacher goes.
    private void Commit()
    {
        AtomicFile.WriteAllText(ConfigPath, Trainer.Config.ToJson());
        File.Delete(TeacherPath);
        _log?.Dispose();
        if (File.Exists(StagedLogPath)) File.Move(StagedLogPath, LogPath, overwrite: true);
        _committed = true;
        if (_log is not null) _log = TrainingLog.Open(LogPath, Trainer.Iteration);
    }

    // Reads the run's current log: the commit at the first checkpoint reopens it under its final name.
    private sealed class LoggedProgress(TrainingRun run, IProgress<TrainingProgress>? inner) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value)
        {
            run._log!.Append(value);
            inner?.Report(value);
        }
    }
}
