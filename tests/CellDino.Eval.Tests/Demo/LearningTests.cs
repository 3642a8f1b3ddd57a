using CellDino.Core.Models;
using CellDino.Core.Training;
using CellDino.Core.Training.Config;
using CellDino.Data.Samples;
using CellDino.Data.Synthetic;
using CellDino.Data.Training;
using CellDino.Eval.Demo;
using CellDino.Eval.Embedding;
using CellDino.Eval.Protocols;
using Xunit;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace CellDino.Eval.Tests.Demo;

/// <summary>Cell-DINO learns on the synthetic cells: the loss falls and the teacher's embeddings beat random initialization.</summary>
public class LearningTests(ITestOutputHelper output)
{
    [Fact]
    public void PretrainingOnSyntheticCellsLowersTheLossAndBeatsRandomInitialization()
    {
        var all = new SyntheticDataset(new SyntheticConfig { Seed = 11, Height = 64, Width = 64 }, 768);
        var train = DatasetSubset.Range(all, 0, 512);
        var test = DatasetSubset.Range(all, 512, 256);
        var baseConfig = DemoRunner.TrainingConfig(new DemoOptions { Iterations = 150, BatchSize = 32, Seed = 5 });
        // A constant teacher temperature, so that a falling loss means learning rather than a schedule effect.
        var config = baseConfig with { Teacher = baseConfig.Teacher with { WarmupTeacherTemp = 0.04, TeacherTemp = 0.04 } };
        var losses = new List<double>();
        using var trainer = new CellDinoTrainer(config, new TrainerOptions { Device = CPU });
        using (var source = new LoaderImageSource(train, config.Train.BatchSizePerGpu, 5))
            trainer.Train(source, new LossRecorder(p => losses.Add(p.Loss)));
        int tenth = losses.Count / 10;
        double first = losses.Take(tenth).Average(), last = losses.Skip(losses.Count - tenth).Average();
        output.WriteLine($"loss {first:F3} -> {last:F3}");
        Assert.True(last < first, $"loss did not fall: {first:F3} -> {last:F3}");

        // The same ViT at its random initialization: the student's own initial weights (same config, same seed).
        using var random = new VisionTransformer(trainer.TeacherBackbone.Config, config.Train.Seed);
        var task = EvaluationTask.Localization(all.ClassNames);
        double Score(VisionTransformer vit)
        {
            var e = new Embedder(vit, new EmbedderOptions { Device = CPU });
            return Classification.Knn(e.EmbedDataset(train), e.EmbedDataset(test), task, "x", k: 10).MacroF1;
        }
        double trained = Score(trainer.TeacherBackbone), baseline = Score(random);
        output.WriteLine($"kNN macro F1: trained {trained:F3}, random init {baseline:F3}");
        Assert.True(trained > baseline + 0.05, $"trained {trained:F3} does not clearly beat random init {baseline:F3}");
    }

    private sealed class LossRecorder(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }
}
