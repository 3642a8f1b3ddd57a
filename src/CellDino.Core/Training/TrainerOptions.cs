using Microsoft.Extensions.Logging;
using TorchSharp;

namespace CellDino.Core.Training;

/// <summary>Run-time settings of a <see cref="CellDinoTrainer"/> that are not part of the algorithm's configuration.</summary>
public sealed record TrainerOptions
{
    /// <summary>Folder for checkpoints (<c>checkpoint.safetensors</c>) and the exported teacher; null writes nothing.</summary>
    public string? OutputDirectory { get; init; }

    /// <summary>Device; null picks CUDA when available.</summary>
    public torch.Device? Device { get; init; }

    /// <summary>Stop after this many iterations in total (the schedules still span the configured run); null runs to the end.</summary>
    public long? StopAtIteration { get; init; }

    /// <summary>Compute precision (default: bf16 on CUDA when <c>train.bf16_on_cuda</c>, fp32 on CPU).</summary>
    public TrainingPrecision Precision { get; init; } = TrainingPrecision.Auto;

    /// <summary>Element type of the compute copies when <see cref="Precision"/> is bf16 (tests use fp32 to check the plumbing exactly).</summary>
    internal torch.ScalarType ComputeCopyDtype { get; init; } = torch.ScalarType.BFloat16;

    /// <summary>
    /// Called with the path after every checkpoint <see cref="CellDinoTrainer.Train"/> writes (<see cref="TrainingRun"/> uses
    /// the first one to commit a new run's files).
    /// </summary>
    public Action<string>? CheckpointWritten { get; init; }

    /// <summary>Logger for start, checkpoint and finish messages.</summary>
    public ILogger? Logger { get; init; }
}
