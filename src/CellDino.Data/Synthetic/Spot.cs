namespace CellDino.Data.Synthetic;

/// <summary>An anisotropic Gaussian dot (mitochondrion, vesicle, nucleolus, Golgi).</summary>
internal readonly struct Spot
{
    public Spot(float x, float y, float sigmaAlong, float sigmaAcross, float angle, float amplitude)
    {
        X = x;
        Y = y;
        Amplitude = amplitude;
        Cos = MathF.Cos(angle);
        Sin = MathF.Sin(angle);
        InvAlong2 = 1f / (2f * sigmaAlong * sigmaAlong);
        InvAcross2 = 1f / (2f * sigmaAcross * sigmaAcross);
        Reach = 3f * MathF.Max(sigmaAlong, sigmaAcross);
    }

    public float X { get; }
    public float Y { get; }
    public float Amplitude { get; }
    public float Cos { get; }
    public float Sin { get; }
    public float InvAlong2 { get; }
    public float InvAcross2 { get; }

    /// <summary>Distance beyond which the spot is negligible (3 sigma).</summary>
    public float Reach { get; }

    /// <summary>Spot value at (x, y).</summary>
    public float At(float x, float y)
    {
        float dx = x - X, dy = y - Y;
        float a = dx * Cos + dy * Sin;
        float c = -dx * Sin + dy * Cos;
        return Amplitude * MathF.Exp(-a * a * InvAlong2 - c * c * InvAcross2);
    }

    /// <summary>Sum of <paramref name="spots"/> at (x, y).</summary>
    public static float SumAt(ReadOnlySpan<Spot> spots, float x, float y)
    {
        float s = 0;
        foreach (ref readonly var sp in spots) s += sp.At(x, y);
        return s;
    }
}
