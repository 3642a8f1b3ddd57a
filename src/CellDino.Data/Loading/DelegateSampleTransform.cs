using CellDino.Data.Samples;

namespace CellDino.Data.Loading;

/// <summary>Adapts a delegate to <see cref="ISampleTransform"/>.</summary>
public sealed class DelegateSampleTransform : ISampleTransform
{
    private readonly Func<Sample, TransformContext, Sample> _apply;

    /// <summary>Wraps a context-free transform.</summary>
    public DelegateSampleTransform(Func<Sample, Sample> apply)
    {
        ArgumentNullException.ThrowIfNull(apply);
        _apply = (s, _) => apply(s);
    }

    /// <summary>Wraps a transform that uses the per-sample context (e.g. its seed).</summary>
    public DelegateSampleTransform(Func<Sample, TransformContext, Sample> apply)
    {
        ArgumentNullException.ThrowIfNull(apply);
        _apply = apply;
    }

    /// <inheritdoc />
    public Sample Apply(Sample sample, TransformContext context) => _apply(sample, context);
}
