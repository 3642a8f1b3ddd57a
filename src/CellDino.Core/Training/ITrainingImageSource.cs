using static TorchSharp.torch;

namespace CellDino.Core.Training;

/// <summary>
/// Supplies raw training images to <see cref="CellDinoTrainer"/>. The batch for an iteration must depend only on the
/// iteration (and the source's own seed), so that a resumed run sees exactly the data an uninterrupted run would.
/// CellDino.Data's loader adapts any dataset to this interface.
/// </summary>
public interface ITrainingImageSource
{
    /// <summary>Images per batch.</summary>
    int BatchSize { get; }

    /// <summary>Channels per image.</summary>
    int Channels { get; }

    /// <summary>The value that maps to 1.0 (255 for 8-bit, 65535 for 16-bit sources).</summary>
    double SourceMax { get; }

    /// <summary>The raw images of <paramref name="iteration"/>, <c>[B, C, H, W]</c> float32 in source units, on any device (the caller owns it).</summary>
    Tensor GetBatch(long iteration, CancellationToken cancellationToken);
}
