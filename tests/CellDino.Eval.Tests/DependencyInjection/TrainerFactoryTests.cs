using CellDino.Core;
using CellDino.Core.Training;
using CellDino.Core.Training.Config;
using CellDino.Eval.DependencyInjection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TorchSharp;
using static TorchSharp.torch;

namespace CellDino.Eval.Tests.DependencyInjection;

public class TrainerFactoryTests
{
    [Fact]
    public void Creates_a_trainer_on_the_configured_device_that_logs_through_the_container()
    {
        var logs = new CapturingLoggerFactory();
        using var provider = new ServiceCollection()
            .AddSingleton<ILoggerFactory>(logs)
            .AddCellDino(o => o.Device = "cpu")
            .BuildServiceProvider();
        var config = CellDinoConfig.Tiny();
        using var trainer = provider.GetRequiredService<ITrainerFactory>().Create(config, new TrainerOptions { StopAtIteration = 0 });

        Assert.Equal(DeviceType.CPU, trainer.Device.type);
        Assert.Equal(config.CreateVitConfig(), trainer.StudentBackbone.Config);
        Assert.Equal(0, trainer.Iteration);
        // Training zero iterations still logs its start and stop lines.
        using var images = zeros([2, 4, 32, 32]);
        trainer.Train(new TensorImageSource(images, batchSize: 2, sourceMax: 255));
        Assert.Contains(logs.Entries, e => e.Category == typeof(CellDinoTrainer).FullName && e.Message.StartsWith("Training from iteration 0", StringComparison.Ordinal));
    }

    [Fact]
    public void A_cuda_device_without_cuda_fails_when_the_trainer_is_created()
    {
        using var provider = new ServiceCollection().AddCellDino(o => o.Device = "cuda").BuildServiceProvider();
        var factory = provider.GetRequiredService<ITrainerFactory>();
        if (Devices.CudaAvailable)
        {
            using var trainer = factory.Create(CellDinoConfig.Tiny());
            Assert.Equal(DeviceType.CUDA, trainer.Device.type);
        }
        else
        {
            var ex = Assert.Throws<ArgumentException>(() => factory.Create(CellDinoConfig.Tiny()));
            Assert.Contains("CUDA is not available", ex.Message);
        }
    }

    [Fact]
    public void Runs_created_through_the_container_are_training_run_folders()
    {
        var dir = Path.Combine(Path.GetTempPath(), "celldino-di-run-" + Guid.NewGuid().ToString("N"));
        try
        {
            using var provider = new ServiceCollection().AddCellDino(o => o.Device = "cpu").BuildServiceProvider();
            var factory = provider.GetRequiredService<ITrainerFactory>();
            using var images = zeros([2, 4, 32, 32]);
            using (var run = factory.CreateRun(dir, CellDinoConfig.Tiny(), new TrainerOptions { StopAtIteration = 1 }))
            {
                Assert.Equal(DeviceType.CPU, run.Trainer.Device.type);
                run.Train(new TensorImageSource(images, batchSize: 2, sourceMax: 255));
            }
            Assert.All(TrainingRun.FileNames, f => Assert.True(File.Exists(Path.Combine(dir, f)), f));
            Assert.Throws<InvalidOperationException>(() => factory.CreateRun(dir, CellDinoConfig.Tiny()));
            using var resumed = factory.ResumeRun(dir);
            Assert.Equal(1, resumed.Trainer.Iteration);
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, true);
        }
    }
}
