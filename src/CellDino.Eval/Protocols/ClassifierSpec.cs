namespace CellDino.Eval.Protocols;

/// <summary>
/// A classifier of a score row: its kind and, for kNN, its k. Equal specs compare equal, so rows are grouped and
/// matched by value; <see cref="ToString"/> is the text of score tables and console lines (<c>kNN (k=1)</c>,
/// <c>linear probe</c>, <c>MLP</c>).
/// </summary>
public sealed record ClassifierSpec
{
    private ClassifierSpec(ClassifierKind kind, int? k)
    {
        Kind = kind;
        K = k;
    }

    /// <summary>The classifier.</summary>
    public ClassifierKind Kind { get; }

    /// <summary>Neighbours that vote (kNN only; null for the probes).</summary>
    public int? K { get; }

    /// <summary>kNN with <paramref name="k"/> neighbours.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> is below 1.</exception>
    public static ClassifierSpec Knn(int k) =>
        k >= 1 ? new(ClassifierKind.Knn, k) : throw new ArgumentOutOfRangeException(nameof(k), k, "k must be at least 1.");

    /// <summary>The linear probe.</summary>
    public static ClassifierSpec LinearProbe { get; } = new(ClassifierKind.LinearProbe, null);

    /// <summary>The MLP.</summary>
    public static ClassifierSpec Mlp { get; } = new(ClassifierKind.Mlp, null);

    /// <summary>The display text: <c>kNN (k=1)</c>, <c>linear probe</c> or <c>MLP</c>.</summary>
    public override string ToString() => Kind switch
    {
        ClassifierKind.Knn => $"kNN (k={K})",
        ClassifierKind.LinearProbe => "linear probe",
        _ => "MLP",
    };
}
