namespace CellDino.Core.Training;

/// <summary>
/// The loss became NaN or infinite. Thrown before the optimizer step, so the weights in memory and the last
/// checkpoint on disk are those of the last good step.
/// </summary>
public sealed class NonFiniteLossException : Exception
{
    /// <summary>Creates the exception for <paramref name="iteration"/>.</summary>
    public NonFiniteLossException(long iteration, IReadOnlyDictionary<string, double> terms, string? lastCheckpoint)
        : base($"The training loss is not finite at iteration {iteration} ({string.Join(", ", terms.Select(t => $"{t.Key} = {t.Value}"))}). " +
               (lastCheckpoint is null ? "No checkpoint was written yet. " : $"The last good checkpoint is {lastCheckpoint}. ") +
               "Lower optim.base_lr, check the input images for NaN/constant values, or keep teacher temperature ≥ 0.04.")
    {
        Iteration = iteration;
        Terms = terms;
        LastCheckpoint = lastCheckpoint;
    }

    /// <summary>The failing iteration.</summary>
    public long Iteration { get; }

    /// <summary>The loss terms at that iteration.</summary>
    public IReadOnlyDictionary<string, double> Terms { get; }

    /// <summary>Path of the last checkpoint written, if any.</summary>
    public string? LastCheckpoint { get; }
}
