namespace CellDino.Data.Synthetic;

/// <summary>
/// A rotated ellipse whose radius is modulated by three low harmonics (k = 2..4), giving smooth,
/// irregular cell or nucleus outlines. <see cref="Rho"/> is the normalized radius: 0 at the centre,
/// 1 on the outline, so "inside" is <c>Rho &lt; 1</c> and bands near 1 are membranes.
/// </summary>
internal readonly struct CellShape
{
    private readonly float _cos, _sin, _invA, _invB;
    private readonly float _c2, _s2, _c3, _s3, _c4, _s4;

    public CellShape(float cx, float cy, float semiMajor, float semiMinor, float angle, float irregularity, ref SplitMixRandom rng)
    {
        CenterX = cx;
        CenterY = cy;
        SemiMajor = semiMajor;
        SemiMinor = semiMinor;
        Angle = angle;
        _cos = MathF.Cos(angle);
        _sin = MathF.Sin(angle);
        _invA = 1f / semiMajor;
        _invB = 1f / semiMinor;
        // Harmonic amplitudes shrink with k so outlines stay smooth and star-free.
        float a2 = irregularity * (float)rng.Uniform(0, 0.5), p2 = (float)rng.Uniform(0, 2 * Math.PI);
        float a3 = irregularity * (float)rng.Uniform(0, 0.6), p3 = (float)rng.Uniform(0, 2 * Math.PI);
        float a4 = irregularity * (float)rng.Uniform(0, 0.35), p4 = (float)rng.Uniform(0, 2 * Math.PI);
        _c2 = a2 * MathF.Cos(p2); _s2 = a2 * MathF.Sin(p2);
        _c3 = a3 * MathF.Cos(p3); _s3 = a3 * MathF.Sin(p3);
        _c4 = a4 * MathF.Cos(p4); _s4 = a4 * MathF.Sin(p4);
        float maxBoost = 1f + MathF.Abs(a2) + MathF.Abs(a3) + MathF.Abs(a4);
        Extent = semiMajor * maxBoost + 1f;
    }

    public float CenterX { get; }
    public float CenterY { get; }
    public float SemiMajor { get; }
    public float SemiMinor { get; }
    public float Angle { get; }

    /// <summary>Radius of a circle around the centre that contains the whole outline.</summary>
    public float Extent { get; }

    /// <summary>Geometric-mean radius, used to turn normalized bands into pixel widths.</summary>
    public float MeanRadius => MathF.Sqrt(SemiMajor * SemiMinor);

    /// <summary>Normalized radius of point (x, y): 0 at the centre, 1 on the outline.</summary>
    public float Rho(float x, float y)
    {
        float dx = x - CenterX, dy = y - CenterY;
        float u = (dx * _cos + dy * _sin) * _invA;
        float v = (-dx * _sin + dy * _cos) * _invB;
        float e = MathF.Sqrt(u * u + v * v);
        if (e < 1e-6f) return 0f;
        // cos(kθ), sin(kθ) from powers of the unit vector: no trigonometric calls per pixel.
        float c1 = u / e, s1 = v / e;
        float c2 = c1 * c1 - s1 * s1, s2 = 2f * c1 * s1;
        float c3 = c2 * c1 - s2 * s1, s3 = s2 * c1 + c2 * s1;
        float c4 = c2 * c2 - s2 * s2, s4 = 2f * c2 * s2;
        float mod = 1f + 0.5f * (_c2 * c2 - _s2 * s2) + 0.33f * (_c3 * c3 - _s3 * s3) + 0.25f * (_c4 * c4 - _s4 * s4);
        return e / MathF.Max(mod, 0.35f);
    }
}
