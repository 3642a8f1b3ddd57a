using CellDino.Core.Models;
using CellDino.Eval.Embedding;

namespace CellDino.Eval.DependencyInjection;

/// <summary>Creates <see cref="Embedder"/>s with the registered device, embedding defaults and logging.</summary>
public interface IEmbedderFactory
{
    /// <summary>
    /// Loads <see cref="CellDinoOptions.CheckpointPath"/> (with <see cref="CellDinoOptions.Architecture"/> as the fallback
    /// architecture); throws <see cref="InvalidOperationException"/> when no checkpoint is configured.
    /// </summary>
    Embedder Create();

    /// <summary>
    /// Loads the backbone in <paramref name="checkpointPath"/> through <see cref="VitCheckpoint.Load"/>;
    /// <paramref name="architecture"/> (else <see cref="CellDinoOptions.Architecture"/>) describes files that do not say
    /// which architecture they hold. <paramref name="options"/> replaces <see cref="CellDinoOptions.Embedder"/>.
    /// </summary>
    Embedder Create(string checkpointPath, VitConfig? architecture = null, EmbedderOptions? options = null);

    /// <summary>Wraps an existing <paramref name="model"/> (moved to the configured device).</summary>
    Embedder Create(VisionTransformer model, EmbedderOptions? options = null);
}
