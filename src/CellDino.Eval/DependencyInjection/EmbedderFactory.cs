using CellDino.Core;
using CellDino.Core.Models;
using CellDino.Eval.Embedding;
using Microsoft.Extensions.Logging;

namespace CellDino.Eval.DependencyInjection;

/// <summary>The registered <see cref="IEmbedderFactory"/>.</summary>
internal sealed class EmbedderFactory : IEmbedderFactory
{
    private readonly CellDinoOptions _options;
    private readonly ILoggerFactory? _loggerFactory;

    public EmbedderFactory(CellDinoOptions options, ILoggerFactory? loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _loggerFactory = loggerFactory;
    }

    public Embedder Create()
    {
        var path = _options.CheckpointPath ?? throw new InvalidOperationException(
            "CellDinoOptions.CheckpointPath is not set: configure it in AddCellDino(o => o.CheckpointPath = ...) or pass a checkpoint to Create(path).");
        return Create(path);
    }

    public Embedder Create(string checkpointPath, VitConfig? architecture = null, EmbedderOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(checkpointPath);
        var model = VitCheckpoint.Load(checkpointPath, architecture ?? _options.Architecture);
        try
        {
            return Create(model, options);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    public Embedder Create(VisionTransformer model, EmbedderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        var o = options ?? _options.Embedder;
        // An explicit device in the embedder options wins over the application-wide one.
        if (o.Device is null) o = o with { Device = Devices.Parse(_options.Device) };
        return new Embedder(model, o, _loggerFactory?.CreateLogger<Embedder>());
    }
}
