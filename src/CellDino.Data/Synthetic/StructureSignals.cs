namespace CellDino.Data.Synthetic;

/// <summary>
/// Noise-free per-pixel intensities (in 16-bit counts before batch gain) of the reference stains,
/// shared by the HPA and Cell Painting painters so the same organelle looks the same in both.
/// </summary>
internal static class StructureSignals
{
    public const float NucleusLevel = 16000f;
    public const float MicrotubuleLevel = 9000f;
    public const float ErLevel = 9000f;
    public const float ProteinLevel = 5000f;
    public const float RnaLevel = 7000f;
    public const float AgpLevel = 8000f;
    public const float MitoLevel = 9000f;

    /// <summary>Soft step from 0 to 1 as <paramref name="t"/> goes from 0 to 1.</summary>
    public static float SmoothStep(float t)
    {
        t = Math.Clamp(t, 0f, 1f);
        return t * t * (3f - 2f * t);
    }

    /// <summary>DNA stain: textured chromatin, darker nucleoli, soft edge.</summary>
    public static float Nucleus(CellPlan c, float x, float y, float rhoN)
    {
        if (rhoN >= 1f) return 0f;
        float tex = 0.7f + 0.6f * ValueNoise.Fractal(c.TextureSeed, x / 2.2f, y / 2.2f);
        float nucleoli = MathF.Min(1f, Spot.SumAt(c.Nucleoli, x, y));
        return NucleusLevel * c.StainBrightness * tex * SmoothStep((1f - rhoN) / 0.2f) * (1f - 0.45f * nucleoli);
    }

    /// <summary>Microtubules: radial, slightly twisted fibres from the nucleus, dimmer over the nucleus.</summary>
    public static float Microtubules(CellPlan c, SyntheticCellLine line, float x, float y, float rhoC, float rhoN)
    {
        float dx = x - c.Nucleus.CenterX, dy = y - c.Nucleus.CenterY;
        float theta = MathF.Atan2(dy, dx);
        float d = MathF.Sqrt(dx * dx + dy * dy) / c.Radius;
        float f = 0.5f + 0.5f * MathF.Cos(line.FiberCount * theta + c.FiberPhase + c.FiberTwist * d);
        f *= f;
        f *= f;
        float v = (0.25f + 0.75f * f) * (0.55f + 0.45f * (1f - rhoC));
        if (rhoN < 1f) v *= 0.35f;
        return MicrotubuleLevel * c.StainBrightness * v;
    }

    /// <summary>ER: a reticular network densest around the nucleus, fading toward the cell edge.</summary>
    public static float Er(CellPlan c, SyntheticCellLine line, float erScale, float x, float y, float rhoN)
    {
        float period = 1.3f * line.TextureScale + 1f;
        float net = 0.15f + 0.85f * ValueNoise.Ridges(c.ErSeed, x / period, y / period, 0.1f);
        float perinuclear = rhoN < 1f
            ? 0.12f
            : MathF.Exp(-(rhoN - 1f) * c.Nucleus.MeanRadius / (line.ErSpread * erScale * c.Radius));
        return ErLevel * erScale * c.StainBrightness * net * perinuclear;
    }

    /// <summary>Diffuse cytoplasmic texture in [0.7, 1.3], zero over the nucleus with a soft rim.</summary>
    public static float Cytoplasm(CellPlan c, SyntheticCellLine line, float x, float y, float rhoN)
    {
        if (rhoN < 1f) return 0f;
        float tex = 0.7f + 0.6f * ValueNoise.Fractal(c.TextureSeed ^ 0xA5A5UL, x / line.TextureScale, y / line.TextureScale);
        return tex * SmoothStep((rhoN - 1f) * c.Nucleus.MeanRadius / 1.5f);
    }

    /// <summary>Thin rim just inside the cell outline (plasma membrane), ~1 px wide.</summary>
    public static float CellRim(CellPlan c, float rhoC)
    {
        float d = (1f - rhoC) * c.Radius;
        return MathF.Exp(-d * d);
    }

    /// <summary>Thin rim on the nuclear outline (both sides), ~1 px wide.</summary>
    public static float NuclearRim(CellPlan c, float rhoN)
    {
        float d = (rhoN - 1f) * c.Nucleus.MeanRadius / 0.9f;
        return MathF.Exp(-d * d);
    }
}
