namespace CellDino.Data.Synthetic;

/// <summary>
/// Smooth lattice value noise in [0, 1): hashed corner values blended with a smoothstep, so a texture
/// is a pure function of (seed, x, y) and needs no stored grid (random access without memory).
/// </summary>
internal static class ValueNoise
{
    /// <summary>Noise at (<paramref name="x"/>, <paramref name="y"/>) in lattice units.</summary>
    public static float Sample(ulong seed, float x, float y)
    {
        float fx = MathF.Floor(x), fy = MathF.Floor(y);
        long ix = (long)fx, iy = (long)fy;
        float tx = x - fx, ty = y - fy;
        tx = tx * tx * (3f - 2f * tx);
        ty = ty * ty * (3f - 2f * ty);
        float a = Corner(seed, ix, iy), b = Corner(seed, ix + 1, iy);
        float c = Corner(seed, ix, iy + 1), d = Corner(seed, ix + 1, iy + 1);
        float top = a + (b - a) * tx;
        float bottom = c + (d - c) * tx;
        return top + (bottom - top) * ty;
    }

    /// <summary>Two octaves (the second at double frequency, half weight), still in [0, 1).</summary>
    public static float Fractal(ulong seed, float x, float y) =>
        (2f * Sample(seed, x, y) + Sample(seed ^ 0x5DEECE66DUL, 2f * x + 17.3f, 2f * y - 5.1f)) / 3f;

    /// <summary>
    /// A thin-ridge network: bright where the noise crosses 0.5, which traces connected contour lines
    /// that look like a reticular (ER-like) mesh.
    /// </summary>
    public static float Ridges(ulong seed, float x, float y, float width)
    {
        float n = Sample(seed, x, y) - 0.5f;
        float r = n / width;
        return MathF.Exp(-r * r);
    }

    private static float Corner(ulong seed, long ix, long iy)
    {
        ulong h = SplitMixRandom.Mix(seed ^ ((ulong)ix * 0x9E3779B97F4A7C15UL) ^ ((ulong)iy * 0xC2B2AE3D27D4EB4FUL));
        return (h >> 40) * (1f / (1 << 24));
    }
}
