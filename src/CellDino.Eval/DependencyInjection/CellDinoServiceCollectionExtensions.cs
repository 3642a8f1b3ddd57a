using CellDino.Eval.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

// The conventional namespace for IServiceCollection extensions, so AddCellDino is found without an extra using.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers CellDino's services in an <see cref="IServiceCollection"/>.</summary>
public static class CellDinoServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="CellDinoOptions"/> (after <paramref name="configure"/>, validated now so that a bad setting stops the
    /// application at start-up with an <see cref="ArgumentException"/> naming it) and singleton
    /// <see cref="IEmbedderFactory"/>, <see cref="ITrainerFactory"/> and <see cref="IDatasetReaderFactory"/>. The factories
    /// log through an <see cref="ILoggerFactory"/> when the container has one. Calling it again replaces the options.
    /// </summary>
    public static IServiceCollection AddCellDino(this IServiceCollection services, Action<CellDinoOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = new CellDinoOptions();
        configure?.Invoke(options);
        options.Validate();

        services.RemoveAll<CellDinoOptions>();
        services.AddSingleton(options);
        services.TryAddSingleton<IEmbedderFactory>(sp => new EmbedderFactory(sp.GetRequiredService<CellDinoOptions>(), sp.GetService<ILoggerFactory>()));
        services.TryAddSingleton<ITrainerFactory>(sp => new TrainerFactory(sp.GetRequiredService<CellDinoOptions>(), sp.GetService<ILoggerFactory>()));
        services.TryAddSingleton<IDatasetReaderFactory>(sp => new DatasetReaderFactory(sp.GetRequiredService<CellDinoOptions>()));
        return services;
    }
}
