using CellDino.Core;
using CellDino.Core.Training;
using CellDino.Core.Training.Config;
using Microsoft.Extensions.Logging;

namespace CellDino.Eval.DependencyInjection;

/// <summary>The registered <see cref="ITrainerFactory"/>.</summary>
internal sealed class TrainerFactory : ITrainerFactory
{
    private readonly CellDinoOptions _options;
    private readonly ILoggerFactory? _loggerFactory;

    public TrainerFactory(CellDinoOptions options, ILoggerFactory? loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _loggerFactory = loggerFactory;
    }

    public CellDinoTrainer Create(CellDinoConfig config, TrainerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        return new CellDinoTrainer(config, WithDefaults(options));
    }

    public TrainingRun CreateRun(string directory, CellDinoConfig config, TrainerOptions? options = null, bool overwrite = false) =>
        TrainingRun.Create(directory, config, WithDefaults(options), overwrite);

    public TrainingRun ResumeRun(string directory, TrainerOptions? options = null) => TrainingRun.Resume(directory, WithDefaults(options));

    private TrainerOptions WithDefaults(TrainerOptions? options)
    {
        var o = options ?? new TrainerOptions();
        if (o.Device is null) o = o with { Device = Devices.Parse(_options.Device) };
        if (o.Logger is null && _loggerFactory is not null) o = o with { Logger = _loggerFactory.CreateLogger<CellDinoTrainer>() };
        return o;
    }
}
