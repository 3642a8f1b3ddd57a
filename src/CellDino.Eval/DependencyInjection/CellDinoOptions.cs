using System.Text.RegularExpressions;
using CellDino.Core.Models;
using CellDino.Data.Readers;
using CellDino.Eval.Embedding;

namespace CellDino.Eval.DependencyInjection;

/// <summary>
/// Application-wide CellDino settings registered by
/// <see cref="Microsoft.Extensions.DependencyInjection.CellDinoServiceCollectionExtensions.AddCellDino"/>: the device,
/// the default backbone checkpoint and the defaults that the embedder, trainer and dataset-reader factories apply.
/// </summary>
public sealed record CellDinoOptions
{
    /// <summary>Compute device: <c>auto</c> (CUDA when available), <c>cpu</c>, <c>cuda</c> or <c>cuda:N</c>.</summary>
    public string Device { get; set; } = "auto";

    /// <summary>
    /// Backbone checkpoint that <see cref="IEmbedderFactory.Create()"/> loads: CellDino's exported teacher or training
    /// checkpoint, or a DINOv2 / Cell-DINO <c>.pth</c> / safetensors file (then set <see cref="Architecture"/>). Null when
    /// the application passes checkpoints or models explicitly.
    /// </summary>
    public string? CheckpointPath { get; set; }

    /// <summary>Architecture of checkpoints that do not describe themselves (official DINOv2 / Cell-DINO files); null otherwise.</summary>
    public VitConfig? Architecture { get; set; }

    /// <summary>Embedding defaults; a null <see cref="EmbedderOptions.Device"/> means <see cref="Device"/>.</summary>
    public EmbedderOptions Embedder { get; set; } = new();

    /// <summary>Bad-input policy and image verification applied to every dataset the reader factory opens.</summary>
    public DatasetReaderOptions DatasetReader { get; set; } = new();

    /// <summary>
    /// Throws <see cref="ArgumentException"/> naming the first bad setting. Checks only what can be known without loading
    /// the native backend: whether a requested CUDA device exists is checked when a factory first uses it.
    /// </summary>
    public void Validate()
    {
        if (!IsDeviceName(Device))
            throw new ArgumentException($"CellDinoOptions.Device '{Device}' is not valid: expected auto, cpu, cuda or cuda:N.", nameof(Device));
        if (CheckpointPath is not null)
        {
            if (string.IsNullOrWhiteSpace(CheckpointPath))
                throw new ArgumentException("CellDinoOptions.CheckpointPath is empty: set a checkpoint file or leave it null.", nameof(CheckpointPath));
            if (!File.Exists(CheckpointPath))
                throw new ArgumentException($"CellDinoOptions.CheckpointPath {CheckpointPath} does not exist.", nameof(CheckpointPath));
        }
        try
        {
            Architecture?.Validate();
        }
        catch (ArgumentException ex)
        {
            throw new ArgumentException($"CellDinoOptions.Architecture is not valid: {ex.Message}", nameof(Architecture), ex);
        }
        if (Embedder is null) throw new ArgumentException("CellDinoOptions.Embedder must not be null.", nameof(Embedder));
        Embedder.Validate();
        if (DatasetReader is null) throw new ArgumentException("CellDinoOptions.DatasetReader must not be null.", nameof(DatasetReader));
        if (!Enum.IsDefined(DatasetReader.BadInput))
            throw new ArgumentException($"CellDinoOptions.DatasetReader.BadInput {(int)DatasetReader.BadInput} is not a BadInputPolicy.", nameof(DatasetReader));
    }

    // Same grammar as CellDino.Core.Devices.Parse, which also needs the native library; start-up checks must not load it.
    private static bool IsDeviceName(string? name) =>
        name is not null && Regex.IsMatch(name.Trim(), "^(auto|cpu|cuda(:[0-9]+)?)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
}
