using CellDino.Eval.Probes;
using CellDino.Eval.Profiling;

namespace CellDino.Eval.Protocols;

/// <summary>Settings of the Cell Painting mechanism-of-action protocol (reference §6.4).</summary>
public sealed record MoaOptions
{
    /// <summary>Standardization of single-cell features before aggregation (pycytominer/StandardScaler over all cells).</summary>
    public StandardizeScope Standardize { get; init; } = StandardizeScope.Global;

    /// <summary>Sphering fitted on control wells (Cell-DINO's ZCA with λ = 1e-5).</summary>
    public SpherizeMethod Sphering { get; init; } = SpherizeMethod.ZcaCellDino;

    /// <summary>Sphering regularizer; null uses the method's default.</summary>
    public double? SpheringEpsilon { get; init; }

    /// <summary>Fraction of compounds held out for testing (the split is by compound, never by well).</summary>
    public double TestFraction { get; init; } = 0.2;

    /// <summary>Fraction of compounds used to select the classifier.</summary>
    public double ValidationFraction { get; init; } = 0.2;

    /// <summary>Seed of the split, the probe and the label shuffle.</summary>
    public int Seed { get; init; }

    /// <summary>Classifier settings (the linear-probe grid; multi-label, BCE).</summary>
    public LinearProbeOptions Probe { get; init; } = new() { Epochs = 50, BatchSize = 32 };

    /// <summary>Separator of several MoAs in one metadata value (<c>a|b</c>).</summary>
    public char MoaSeparator { get; init; } = '|';
}
