using CellDino.Data.Readers;
using CellDino.Core.Models;
using CellDino.Data.Synthetic;
using CellDino.Eval.DependencyInjection;
using CellDino.Eval.Embedding;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TorchSharp;
using static TorchSharp.torch;

namespace CellDino.Eval.Tests.DependencyInjection;

public sealed class EmbedderFactoryTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("celldino-di-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Create_loads_the_configured_checkpoint_with_the_fallback_architecture()
    {
        // A bare state dict says nothing about its architecture, like an official DINOv2 file.
        using var original = new VisionTransformer(VitConfig.Tiny(), seed: 5);
        var path = Path.Combine(_dir, "backbone.safetensors");
        original.SaveSafeTensors(path);
        var logs = new CapturingLoggerFactory();
        var services = new ServiceCollection()
            .AddSingleton<ILoggerFactory>(logs)
            .AddCellDino(o =>
            {
                o.Device = "cpu";
                o.CheckpointPath = path;
                o.Architecture = VitConfig.Tiny();
                o.Embedder = o.Embedder with { BatchSize = 2 };
            });
        using var provider = services.BuildServiceProvider();
        var embedder = provider.GetRequiredService<IEmbedderFactory>().Create();

        Assert.Equal(DeviceType.CPU, embedder.Device.type);
        Assert.Equal(2, embedder.Options.BatchSize);
        Assert.Equal(64, embedder.Dim);
        original.eval();
        using var gen = new Generator(11);
        using var x = randn([3, 4, 32, 32], generator: gen);
        using var expected = original.forward(x).detach();
        using var actual = embedder.Embed(x);
        Assert.True(allclose(expected, actual, rtol: 1e-5, atol: 1e-6), "embedding after the checkpoint round trip differs from the original model");

        // The embedder logs through the container's logger factory under its own category.
        var set = embedder.EmbedDataset(provider.GetRequiredService<IDatasetReaderFactory>().Open(new DatasetSource
        {
            Layout = DatasetLayout.Synthetic,
            Synthetic = new SyntheticConfig { Height = 32, Width = 32, Seed = 3 },
            SyntheticCount = 3,
        }));
        Assert.Equal((3, 64), (set.Count, set.Dim));
        Assert.Contains(logs.Entries, e => e.Category == typeof(Embedder).FullName && e.Message.StartsWith("Embedded 3 images", StringComparison.Ordinal));
    }

    [Fact]
    public void Without_a_configured_checkpoint_Create_explains_what_to_set()
    {
        using var provider = new ServiceCollection().AddCellDino().BuildServiceProvider();
        var ex = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<IEmbedderFactory>().Create());
        Assert.Contains("CheckpointPath", ex.Message);
    }

    [Fact]
    public void Explicit_embedder_options_win_over_the_registered_defaults()
    {
        using var provider = new ServiceCollection()
            .AddCellDino(o => { o.Device = "cpu"; o.Embedder = new EmbedderOptions { Kind = EmbeddingKind.ClsToken, BatchSize = 8 }; })
            .BuildServiceProvider();
        var factory = provider.GetRequiredService<IEmbedderFactory>();
        using var vit = new VisionTransformer(VitConfig.Tiny(), seed: 2);
        var registered = factory.Create(vit);
        Assert.Equal((EmbeddingKind.ClsToken, 8, 64), (registered.Options.Kind, registered.Options.BatchSize, registered.Dim));
        var linear = factory.Create(vit, new EmbedderOptions { Kind = EmbeddingKind.LastBlocks, LastBlocks = 2 });
        // LastBlocks: 2 class tokens plus the mean patch token.
        Assert.Equal(3 * 64, linear.Dim);
        Assert.Equal(DeviceType.CPU, linear.Device.type);
    }

    [Fact]
    public void A_checkpoint_without_architecture_and_no_fallback_fails_naming_the_file()
    {
        using var vit = new VisionTransformer(VitConfig.Tiny(), seed: 1);
        var path = Path.Combine(_dir, "bare.safetensors");
        vit.SaveSafeTensors(path);
        using var provider = new ServiceCollection().AddCellDino(o => o.Device = "cpu").BuildServiceProvider();
        var ex = Assert.ThrowsAny<Exception>(() => provider.GetRequiredService<IEmbedderFactory>().Create(path));
        Assert.Contains(path, ex.Message);
        Assert.Contains("architecture", ex.Message);
    }
}
