using CellDino.Core.Training;
using CellDino.Core.Training.Config;

namespace CellDino.Eval.DependencyInjection;

/// <summary>Creates <see cref="CellDinoTrainer"/>s on the registered device, logging through the registered <c>ILoggerFactory</c>.</summary>
public interface ITrainerFactory
{
    /// <summary>
    /// Builds a trainer for <paramref name="config"/>. A null <see cref="TrainerOptions.Device"/> means
    /// <see cref="CellDinoOptions.Device"/>; a null <see cref="TrainerOptions.Logger"/> means a logger from the container's
    /// <c>ILoggerFactory</c> when one is registered.
    /// </summary>
    CellDinoTrainer Create(CellDinoConfig config, TrainerOptions? options = null);
}
