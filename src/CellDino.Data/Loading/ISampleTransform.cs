using CellDino.Data.Samples;

namespace CellDino.Data.Loading;

/// <summary>
/// A per-sample transform the loader applies on its worker threads (normalization, crop, augmentation).
/// Must be thread-safe; random transforms should draw only from <see cref="TransformContext.Seed"/>
/// so loader output stays reproducible whatever the worker count.
/// </summary>
public interface ISampleTransform
{
    /// <summary>Transforms one sample (may return the same instance, or mutate its pixels in place).</summary>
    Sample Apply(Sample sample, TransformContext context);
}
