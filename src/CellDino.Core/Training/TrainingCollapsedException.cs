namespace CellDino.Core.Training;

/// <summary>
/// The run collapsed and <c>train.stop_on_collapse</c> is set: thrown after a checkpoint of the last completed step was
/// written (when the trainer has an output folder), so the run can be inspected or resumed with other settings.
/// </summary>
public sealed class TrainingCollapsedException : Exception
{
    /// <summary>Creates the exception from the detector's warning.</summary>
    public TrainingCollapsedException(CollapseWarning warning, string? checkpoint)
        : base($"Training stopped (train.stop_on_collapse): {warning?.Message}" +
               (checkpoint is null ? "" : $" Checkpoint of iteration {warning!.Iteration + 1}: {checkpoint}."))
    {
        ArgumentNullException.ThrowIfNull(warning);
        Warning = warning;
        Checkpoint = checkpoint;
    }

    /// <summary>What collapsed, since when, and the remedies.</summary>
    public CollapseWarning Warning { get; }

    /// <summary>The checkpoint written before stopping, or null without an output folder.</summary>
    public string? Checkpoint { get; }
}
