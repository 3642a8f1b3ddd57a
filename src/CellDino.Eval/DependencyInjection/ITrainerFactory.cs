using CellDino.Core.Training;
using CellDino.Core.Training.Config;

namespace CellDino.Eval.DependencyInjection;

/// <summary>Creates <see cref="CellDinoTrainer"/>s and <see cref="TrainingRun"/>s on the registered device, logging through the registered <c>ILoggerFactory</c>.</summary>
public interface ITrainerFactory
{
    /// <summary>
    /// Builds a trainer for <paramref name="config"/>. A null <see cref="TrainerOptions.Device"/> means
    /// <see cref="CellDinoOptions.Device"/>; a null <see cref="TrainerOptions.Logger"/> means a logger from the container's
    /// <c>ILoggerFactory</c> when one is registered.
    /// </summary>
    CellDinoTrainer Create(CellDinoConfig config, TrainerOptions? options = null);

    /// <summary>
    /// Starts a training run in <paramref name="directory"/> (<see cref="TrainingRun.Create"/>: a folder holding a run is
    /// refused unless <paramref name="overwrite"/>), with the same device and logger defaults as <see cref="Create"/>.
    /// </summary>
    TrainingRun CreateRun(string directory, CellDinoConfig config, TrainerOptions? options = null, bool overwrite = false);

    /// <summary>Continues the training run in <paramref name="directory"/> from its checkpoint (<see cref="TrainingRun.Resume"/>).</summary>
    TrainingRun ResumeRun(string directory, TrainerOptions? options = null);
}
