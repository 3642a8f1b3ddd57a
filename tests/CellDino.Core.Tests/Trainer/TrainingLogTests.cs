using CellDino.Core.Training;
using Xunit;

namespace CellDino.Core.Tests.Trainer;

public sealed class TrainingLogTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("celldino-log-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private static TrainingProgress Step(long i) => new()
    {
        Iteration = i, TotalIterations = 10, Loss = 10 - i * 0.5,
        Terms = new Dictionary<string, double> { ["dino_local_crops_loss"] = 5, ["dino_global_crops_loss"] = 1.25 },
        Health = new TrainingHealth { TeacherEntropy = 2.5, LogPrototypes = Math.Log(1024), BatchMeanTeacherEntropy = 3, StudentTeacherKl = 0.25, TeacherClsStd = 0.1, EmbedDim = 64, CenterNorm = 0.5 },
        ActiveCollapses = i == 3 ? [CollapseKind.Uniform] : [],
    };

    [Fact]
    public void RowsAreOnDiskAsSoonAsTheyAreAppendedAndAResumeKeepsExactlyTheCheckpointedRows()
    {
        var path = Path.Combine(_dir, "training_log.csv");
        using (var log = TrainingLog.Open(path))
        {
            for (int i = 0; i < 5; i++) log.Append(Step(i));
            // Readable while the run goes on (as after a kill -9): header + 5 rows.
            using var reader = new StreamReader(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
            var lines = reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(6, lines.Length);
            Assert.Equal(string.Join(',', TrainingLog.Columns), lines[0]);
            Assert.StartsWith("3,8.5,5,1.25,,,", lines[4]);
            Assert.EndsWith(",uniform", lines[4]);
            Assert.Contains(",2.5,", lines[1]);
        }
        // The checkpoint holds iterations 0..2: rows 3 and 4 are dropped, then the resumed run continues.
        using (var log = TrainingLog.Open(path, resumeIteration: 3))
            for (int i = 3; i < 6; i++) log.Append(Step(i));
        var iterations = File.ReadAllLines(path).Skip(1).Select(l => long.Parse(l.Split(',')[0])).ToArray();
        Assert.Equal([0L, 1, 2, 3, 4, 5], iterations);
    }

    [Fact]
    public void AFileThatIsNotATrainingLogIsNotMixedIn()
    {
        var path = Path.Combine(_dir, "training_log.csv");
        File.WriteAllText(path, "iteration,loss\n0,1\n");
        var ex = Assert.Throws<InvalidDataException>(() => TrainingLog.Open(path, resumeIteration: 1));
        Assert.Contains("training_log.csv", ex.Message);
        using (TrainingLog.Open(path)) { } // a new run starts a new log
        Assert.Single(File.ReadAllLines(path));
    }
}
