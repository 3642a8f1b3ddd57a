using TorchSharp;

namespace CellDino.Eval.Probes;

/// <summary>
/// Settings of <see cref="MlpProbe"/>. The Cell-DINO release has no MLP protocol; the defaults are those of its
/// predecessor's <c>simple_clf</c> (Dino4Cells): hidden 512 and 256 with ReLU and dropout 0.5, AdamW with the learning
/// rate annealed 1e-4 → 1e-6 and the weight decay raised 0.04 → 0.4 along cosines, 100 epochs of batch 512.
/// Its class-balanced sampling is not reproduced: batches are plain seeded shuffles.
/// </summary>
public sealed record MlpProbeOptions
{
    /// <summary>Widths of the hidden layers, each followed by ReLU and dropout.</summary>
    public IReadOnlyList<int> HiddenDims { get; init; } = new[] { 512, 256 };

    /// <summary>Dropout probability after each hidden layer (training only).</summary>
    public double Dropout { get; init; } = 0.5;

    /// <summary>Passes over the training set.</summary>
    public int Epochs { get; init; } = 100;

    /// <summary>Rows per optimiser step.</summary>
    public int BatchSize { get; init; } = 512;

    /// <summary>Learning rate at the first step.</summary>
    public double LearningRate { get; init; } = 1e-4;

    /// <summary>Learning rate reached at the last step (cosine).</summary>
    public double FinalLearningRate { get; init; } = 1e-6;

    /// <summary>AdamW weight decay at the first step.</summary>
    public double WeightDecay { get; init; } = 0.04;

    /// <summary>AdamW weight decay reached at the last step (cosine).</summary>
    public double FinalWeightDecay { get; init; } = 0.4;

    /// <summary>Seed of the initialisation, the batch order and the dropout masks.</summary>
    public int Seed { get; init; }

    /// <summary>Device to train on; null picks CUDA when available.</summary>
    public torch.Device? Device { get; init; }

    /// <summary>Multi-class (cross-entropy) or multi-label (BCE-with-logits).</summary>
    public ProbeTaskKind TaskKind { get; init; } = ProbeTaskKind.MultiClass;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first bad setting.</summary>
    public void Validate()
    {
        if (HiddenDims is null) throw new ArgumentException("MlpProbeOptions.HiddenDims must not be null.");
        foreach (int h in HiddenDims)
            if (h < 1) throw new ArgumentException($"MlpProbeOptions.HiddenDims must be positive, got {h}.");
        if (!(Dropout >= 0 && Dropout < 1)) throw new ArgumentException($"MlpProbeOptions.Dropout must be in [0, 1), got {Dropout}.");
        if (Epochs < 1) throw new ArgumentException($"MlpProbeOptions.Epochs must be at least 1, got {Epochs}.");
        if (BatchSize < 1) throw new ArgumentException($"MlpProbeOptions.BatchSize must be at least 1, got {BatchSize}.");
        if (!(LearningRate > 0) || !(FinalLearningRate >= 0) || double.IsInfinity(LearningRate) || double.IsInfinity(FinalLearningRate))
            throw new ArgumentException($"MlpProbeOptions learning rates must be finite, positive at the start and non-negative at the end, got {LearningRate} → {FinalLearningRate}.");
        if (!(WeightDecay >= 0) || !(FinalWeightDecay >= 0) || double.IsInfinity(WeightDecay) || double.IsInfinity(FinalWeightDecay))
            throw new ArgumentException($"MlpProbeOptions weight decays must be finite and non-negative, got {WeightDecay} → {FinalWeightDecay}.");
    }
}
