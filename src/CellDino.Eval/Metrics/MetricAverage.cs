namespace CellDino.Eval.Metrics;

/// <summary>How per-class scores are combined into one number (scikit-learn's <c>average</c> argument).</summary>
public enum MetricAverage
{
    /// <summary>Unweighted mean of the per-class scores.</summary>
    Macro,

    /// <summary>One score from the counts (or scores) of all classes pooled together.</summary>
    Micro,

    /// <summary>Mean of the per-class scores weighted by each class's number of true samples (support).</summary>
    Weighted,

    /// <summary>Mean over samples of a per-sample score (multi-label only).</summary>
    Samples,
}
