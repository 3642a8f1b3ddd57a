using TorchSharp;

namespace CellDino.Eval.Probes;

/// <summary>
/// Settings of <see cref="LinearProbe"/>; defaults follow Cell-DINO's <c>eval/cell_dino/linear.py</c>: 16 learning
/// rates × 3 weight decays trained jointly with AdamW, each rate scaled by batch/256, cosine annealing to 0.
/// </summary>
public sealed record LinearProbeOptions
{
    /// <summary>DINOv2's learning-rate grid (before scaling by batch/256).</summary>
    public static IReadOnlyList<double> DefaultLearningRates { get; } =
        new[] { 1e-5, 2e-5, 5e-5, 1e-4, 2e-4, 5e-4, 1e-3, 2e-3, 5e-3, 1e-2, 2e-2, 5e-2, 0.1, 0.2, 0.5, 1.0 };

    /// <summary>Cell-DINO's weight-decay grid.</summary>
    public static IReadOnlyList<double> DefaultWeightDecays { get; } = new[] { 0.0, 1e-4, 1e-5 };

    /// <summary>Passes over the training set (Cell-DINO: 30 epochs, though of a fixed 145 iterations each).</summary>
    public int Epochs { get; init; } = 30;

    /// <summary>Rows per optimiser step (Cell-DINO: 64 per GPU).</summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>Base learning rates of the grid.</summary>
    public IReadOnlyList<double> LearningRates { get; init; } = DefaultLearningRates;

    /// <summary>Weight decays of the grid (AdamW's decoupled decay, applied to weights and biases as in DINOv2).</summary>
    public IReadOnlyList<double> WeightDecays { get; init; } = DefaultWeightDecays;

    /// <summary>Multiply each learning rate by <see cref="BatchSize"/>/256, as DINOv2's <c>scale_lr</c> does.</summary>
    public bool ScaleLearningRateByBatch { get; init; } = true;

    /// <summary>Seed of the weight initialisation and the batch order.</summary>
    public int Seed { get; init; }

    /// <summary>Device to train on; null picks CUDA when available.</summary>
    public torch.Device? Device { get; init; }

    /// <summary>Multi-class (cross-entropy) or multi-label (BCE-with-logits).</summary>
    public ProbeTaskKind TaskKind { get; init; } = ProbeTaskKind.MultiClass;

    /// <summary>The learning rate actually used for grid entry <paramref name="lr"/>.</summary>
    public double EffectiveLearningRate(double lr) => ScaleLearningRateByBatch ? lr * BatchSize / 256.0 : lr;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first bad setting.</summary>
    public void Validate()
    {
        if (Epochs < 1) throw new ArgumentException($"LinearProbeOptions.Epochs must be at least 1, got {Epochs}.");
        if (BatchSize < 1) throw new ArgumentException($"LinearProbeOptions.BatchSize must be at least 1, got {BatchSize}.");
        if (LearningRates is null || LearningRates.Count == 0) throw new ArgumentException("LinearProbeOptions.LearningRates must not be empty.");
        if (WeightDecays is null || WeightDecays.Count == 0) throw new ArgumentException("LinearProbeOptions.WeightDecays must not be empty.");
        foreach (double lr in LearningRates)
            if (!(lr > 0) || double.IsInfinity(lr)) throw new ArgumentException($"LinearProbeOptions.LearningRates must be positive and finite, got {lr}.");
        foreach (double wd in WeightDecays)
            if (!(wd >= 0) || double.IsInfinity(wd)) throw new ArgumentException($"LinearProbeOptions.WeightDecays must be non-negative and finite, got {wd}.");
    }
}
