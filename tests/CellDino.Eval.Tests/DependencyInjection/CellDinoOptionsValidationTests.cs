using CellDino.Core.Models;
using CellDino.Data.Readers;
using CellDino.Eval.DependencyInjection;
using Microsoft.Extensions.DependencyInjection;

namespace CellDino.Eval.Tests.DependencyInjection;

public class CellDinoOptionsValidationTests
{
    [Theory]
    [InlineData("auto")]
    [InlineData("CPU")]
    [InlineData("cuda")]
    [InlineData("cuda:3")]
    public void Device_names_of_the_cli_grammar_are_accepted(string device)
    {
        var services = new ServiceCollection().AddCellDino(o => o.Device = device);
        using var provider = services.BuildServiceProvider();
        Assert.Equal(device, provider.GetRequiredService<CellDinoOptions>().Device);
    }

    [Theory]
    [InlineData("gpu")]
    [InlineData("cuda:")]
    [InlineData("cuda:x")]
    [InlineData("")]
    public void A_bad_device_stops_start_up_naming_the_setting(string device)
    {
        var ex = Assert.Throws<ArgumentException>(() => new ServiceCollection().AddCellDino(o => o.Device = device));
        Assert.Contains("CellDinoOptions.Device", ex.Message);
        Assert.Contains($"'{device}'", ex.Message);
    }

    [Fact]
    public void A_missing_checkpoint_stops_start_up_naming_the_file()
    {
        var path = Path.Combine(Path.GetTempPath(), "celldino-no-such-" + Guid.NewGuid().ToString("N") + ".safetensors");
        var ex = Assert.Throws<ArgumentException>(() => new ServiceCollection().AddCellDino(o => o.CheckpointPath = path));
        Assert.Contains("CheckpointPath", ex.Message);
        Assert.Contains(path, ex.Message);
    }

    [Fact]
    public void Inconsistent_architecture_and_embedder_settings_are_rejected()
    {
        // 64 is not divisible by 3 heads.
        var arch = Assert.Throws<ArgumentException>(() => new ServiceCollection().AddCellDino(o => o.Architecture = VitConfig.Tiny() with { NumHeads = 3 }));
        Assert.Contains("CellDinoOptions.Architecture", arch.Message);
        var batch = Assert.Throws<ArgumentException>(() => new ServiceCollection().AddCellDino(o => o.Embedder = o.Embedder with { BatchSize = 0 }));
        Assert.Contains("BatchSize", batch.Message);
        var policy = Assert.Throws<ArgumentException>(() => new ServiceCollection().AddCellDino(o => o.DatasetReader = new DatasetReaderOptions { BadInput = (BadInputPolicy)7 }));
        Assert.Contains("BadInput", policy.Message);
    }

    [Fact]
    public void Registers_the_options_and_singleton_factories_and_a_second_call_replaces_the_options()
    {
        var services = new ServiceCollection().AddCellDino(o => o.Device = "cpu").AddCellDino(o => o.Device = "cuda:1");
        Assert.Single(services, d => d.ServiceType == typeof(CellDinoOptions));
        Assert.Single(services, d => d.ServiceType == typeof(IEmbedderFactory));
        Assert.All(services, d => Assert.Equal(ServiceLifetime.Singleton, d.Lifetime));
        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        Assert.Equal("cuda:1", provider.GetRequiredService<CellDinoOptions>().Device);
        Assert.Same(provider.GetRequiredService<IEmbedderFactory>(), provider.GetRequiredService<IEmbedderFactory>());
        Assert.NotNull(provider.GetRequiredService<ITrainerFactory>());
        Assert.NotNull(provider.GetRequiredService<IDatasetReaderFactory>());
    }
}
