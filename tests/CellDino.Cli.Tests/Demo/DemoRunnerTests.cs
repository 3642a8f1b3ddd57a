using CellDino.Cli.Demo;
using CellDino.Eval.Protocols;
using Xunit;
using static TorchSharp.torch;

namespace CellDino.Cli.Tests.Demo;

public sealed class DemoRunnerTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "celldino-demo-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, true);
    }

    [Fact]
    public void ASmallDemoWritesTheWholeReport()
    {
        var result = DemoRunner.Run(new DemoOptions
        {
            OutputDirectory = _dir, Device = CPU, Iterations = 6, BatchSize = 16, TrainImages = 96, ValidationImages = 32, TestImages = 48, LowShot = true,
        });
        Assert.True(File.Exists(result.ReportPath));
        var report = File.ReadAllText(result.ReportPath);
        foreach (var png in new[] { "training_curves.png", "teacher_entropy.png", "umap_localization.png", "umap_cell_line.png", "f1_localization.png", "low_shot.png", "similarity.png", "patch_features_0.png" })
        {
            Assert.True(File.Exists(Path.Combine(_dir, png)), png);
            Assert.True(File.Exists(Path.Combine(_dir, Path.ChangeExtension(png, ".csv"))), png + " csv");
            Assert.Contains(png, report);
        }
        // The patch-feature maps are drawn at least 256 px tall (composite and map side by side), not as 64 px thumbnails.
        foreach (var map in Directory.GetFiles(_dir, "patch_features_*.png"))
        {
            var info = SixLabors.ImageSharp.Image.Identify(map);
            Assert.True(info.Height >= 256 && info.Width >= 2 * 256, $"{Path.GetFileName(map)} is {info.Width}x{info.Height}");
        }
        Assert.True(File.Exists(Path.Combine(_dir, "teacher_backbone.safetensors")));
        foreach (var features in new[] { DemoRunner.CellDino, DemoRunner.RandomInit, DemoRunner.RawPixels })
        {
            Assert.Contains(features, result.Table);
            Assert.InRange(result.MacroF1("protein localization", features, ClassifierSpec.LinearProbe), 0, 1);
            Assert.InRange(result.MacroF1("cell line", features, ClassifierSpec.Knn(1)), 0, 1);
        }
        Assert.Equal(2 * 3 * 3, result.Scores.Count);
        // Six steps cannot learn: the report says so instead of presenting the table as results.
        Assert.False(result.Verdict.Learned);
        Assert.Contains("only 6 pretraining steps", result.Verdict.Sentence);
        Assert.Contains("## Verdict: did not learn", report);
        Assert.Contains("did not learn", report);
        Assert.DoesNotContain("## Results", report);
        Assert.Contains("Training health over the last 10% of steps", report);
        var log = File.ReadAllLines(Path.Combine(_dir, "training_log.csv"));
        Assert.Equal(7, log.Length);
        Assert.StartsWith("iteration,loss,", log[0]);
        Assert.Empty(Directory.GetFiles(_dir, "*.tmp*", SearchOption.AllDirectories));
    }

    [Fact]
    public void BadOptionsAreRejected()
    {
        Assert.Throws<ArgumentException>(() => DemoRunner.Run(new DemoOptions { ImageSize = 50 }));
        Assert.Throws<ArgumentException>(() => DemoRunner.Run(new DemoOptions { TrainImages = 4, BatchSize = 32 }));
    }
}
