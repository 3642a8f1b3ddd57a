namespace CellDino.Core.Training;

/// <summary>Numeric precision of the training step's forward and backward passes.</summary>
public enum TrainingPrecision
{
    /// <summary>bf16 on CUDA when <c>train.bf16_on_cuda</c> is set, fp32 otherwise.</summary>
    Auto,

    /// <summary>Everything in fp32.</summary>
    Float32,

    /// <summary>
    /// bf16 compute copies of student and teacher (refreshed from the fp32 master weights each step), fp32 master weights,
    /// optimizer state, EMA, softmax, losses and centers. TorchSharp has no autocast, so this is done explicitly.
    /// </summary>
    BFloat16,
}
