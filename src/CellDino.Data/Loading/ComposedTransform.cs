using CellDino.Data.Samples;

namespace CellDino.Data.Loading;

/// <summary>Applies several transforms in order (e.g. normalization, then a fixed-size crop).</summary>
public sealed class ComposedTransform : ISampleTransform
{
    private readonly ISampleTransform[] _steps;

    /// <summary>Creates the pipeline; <paramref name="steps"/> run first to last.</summary>
    public ComposedTransform(params ISampleTransform[] steps)
    {
        ArgumentNullException.ThrowIfNull(steps);
        if (steps.Any(s => s is null)) throw new ArgumentException("Transform steps must not be null.", nameof(steps));
        _steps = steps.ToArray();
    }

    /// <summary>The steps, in order.</summary>
    public IReadOnlyList<ISampleTransform> Steps => _steps;

    /// <inheritdoc />
    public Sample Apply(Sample sample, TransformContext context)
    {
        foreach (var step in _steps) sample = step.Apply(sample, context);
        return sample;
    }
}
