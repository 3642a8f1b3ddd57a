using CellDino.Core.Training;

namespace CellDino.Core.Tests;

/// <summary>
/// Every write failure is one <see cref="FileWriteException"/> naming the target, never the hidden temporary file, and
/// leaves no temporary file. The faults used here stop root too (tests may run as root, where chmod does not).
/// </summary>
public sealed class AtomicFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("celldino-atomic-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private string P(string name) => Path.Combine(_dir, name);

    private void AssertNoTemporaryFiles() => Assert.Empty(Directory.GetFiles(_dir, "*.tmp", SearchOption.AllDirectories));

    [Fact]
    public void A_target_that_is_a_folder_is_named_with_the_reason_and_leaves_no_temporary_file()
    {
        Directory.CreateDirectory(P("out.json"));
        var ex = Assert.Throws<FileWriteException>(() => AtomicFile.WriteAllText(P("out.json"), "{}"));
        Assert.Equal($"cannot write {P("out.json")}: it is a folder, not a file", ex.Message);
        Assert.Equal(P("out.json"), ex.Path);
        Assert.DoesNotContain(".tmp", ex.Message);
        AssertNoTemporaryFiles();
    }

    [Fact]
    public void A_parent_that_is_a_regular_file_is_named()
    {
        File.WriteAllText(P("file"), "x");
        var target = Path.Combine(P("file"), "sub", "out.csv");
        var ex = Assert.Throws<FileWriteException>(() => AtomicFile.Write(target, s => s.WriteByte(1)));
        Assert.Equal($"cannot write {target}: {P("file")} is a file, not a folder", ex.Message);
        var dir = Assert.Throws<FileWriteException>(() => AtomicFile.CreateDirectory(Path.Combine(P("file"), "run")));
        Assert.Contains($"{P("file")} is a file, not a folder", dir.Message);
        AssertNoTemporaryFiles();
    }

    [Fact]
    public void A_failure_inside_the_writer_keeps_the_old_file_and_leaves_no_temporary_file()
    {
        AtomicFile.WriteAllText(P("a.txt"), "old");
        var ex = Assert.Throws<FileWriteException>(() => AtomicFile.Write(P("a.txt"), _ => throw new IOException("No space left on device : '/x/.a.txt.1.tmp'")));
        Assert.Equal($"cannot write {P("a.txt")}: No space left on device", ex.Message);
        Assert.Equal("old", File.ReadAllText(P("a.txt")));
        // Not an I/O failure: passed through as itself.
        Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(P("a.txt"), _ => throw new InvalidOperationException("bug")));
        AssertNoTemporaryFiles();
    }

    [Fact]
    public void Create_without_overwrite_keeps_the_file_already_there()
    {
        Assert.True(AtomicFile.TryCreateText(P("m.json"), "first"));
        Assert.False(AtomicFile.TryCreateText(P("m.json"), "second"));
        Assert.Equal("first", File.ReadAllText(P("m.json")));
        AssertNoTemporaryFiles();
    }

    [Fact]
    public void The_training_log_reports_write_failures_naming_the_log()
    {
        File.WriteAllText(P("file"), "x");
        var log = Path.Combine(P("file"), "training_log.csv");
        var ex = Assert.Throws<FileWriteException>(() => TrainingLog.Open(log));
        Assert.StartsWith($"cannot write {log}: ", ex.Message);
        Directory.CreateDirectory(P("training_log.csv"));
        var folder = Assert.Throws<FileWriteException>(() => TrainingLog.Open(P("training_log.csv"), resumeIteration: 0));
        Assert.Equal($"cannot write {P("training_log.csv")}: it is a folder, not a file", folder.Message);
        AssertNoTemporaryFiles();
    }
}
