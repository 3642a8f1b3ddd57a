// snippet:usings
using CellDino.Core.Models;
using CellDino.Core.Training;
using CellDino.Core.Training.Config;
using CellDino.Data.Loading;
using CellDino.Data.Synthetic;
// end-snippet
using CellDino.TestSupport;

namespace CellDino.Eval.Tests.Docs;

/// <summary>Runs the C# snippets of docs/training.md and checks that the document shows exactly this code.</summary>
public class TrainingDocsTests
{
    [Fact]
    public void Quick_start_trains_a_run_folder_whose_teacher_loads()
    {
        // snippet:quick-start
        var config = CellDinoConfig.Tiny(inChans: 4);            // or CellDinoConfig.Load("my.yaml"), .HpaFovVitL16(), ...
        var dataset = new SyntheticDataset(new SyntheticConfig { Height = 64, Width = 64 }, count: 640);
        string folder = Path.Combine(Path.GetTempPath(), $"celldino-tiny-{Guid.NewGuid():N}"); // a new run folder
        using (var source = new LoaderImageSource(dataset, config.Train.BatchSizePerGpu, config.Train.Seed))
        using (var run = TrainingRun.Create(folder, config))      // TrainingRun.Resume(folder) continues it
            run.Train(source, new Progress<TrainingProgress>(p => Console.WriteLine($"{p.Iteration} {p.Loss:F4} {p.Health?.Summary()}")));
        // folder: config.json, checkpoint.safetensors, training_log.csv, teacher_backbone.safetensors
        using var teacher = VitCheckpoint.Load(Path.Combine(folder, TrainingRun.TeacherFileName)); // ready to embed
        // end-snippet

        try
        {
            Assert.All(TrainingRun.FileNames, f => Assert.True(File.Exists(Path.Combine(folder, f)), f));
            Assert.Equal(1 + config.TotalIterations, File.ReadAllLines(Path.Combine(folder, TrainingRun.LogFileName)).Length);
            Assert.Equal(config.CreateVitConfig().EmbedDim, teacher.EmbedDim);
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }

    [Fact]
    public void Document_snippets_equal_the_tested_code() =>
        SnippetText.AssertDocumentShowsTestedCode("docs/training.md", Path.Combine("tests", "CellDino.Eval.Tests", "Docs", "TrainingDocsTests.cs"));
}
