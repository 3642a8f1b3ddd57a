namespace CellDino.Data.Synthetic;

/// <summary>
/// Paints the protein channel of HPA fields: each localization class is a spatial pattern relative to
/// the cell's compartments, normalized so every cell carries the same protein mass per pixel of cell
/// area (times its random brightness) whatever the class. Only where the mass sits differs, so
/// intensity statistics alone cannot tell classes apart.
/// </summary>
internal static class ProteinPainter
{
    /// <summary>Adds the protein of every cell to <paramref name="protein"/>.</summary>
    public static void Paint(FieldPlan plan, FieldCanvas canvas, Span<float> protein, ReadOnlySpan<float> er, ReadOnlySpan<float> mt, Span<float> scratch)
    {
        int w = canvas.Width;
        foreach (var c in plan.Cells)
        {
            if (c.Area == 0) continue;
            for (int li = 0; li < plan.Labels.Length; li++)
            {
                for (int y = c.Y0; y <= c.Y1; y++) scratch.Slice(y * w + c.X0, c.X1 - c.X0 + 1).Clear();
                float sum = Pattern(plan.Labels[li], c, canvas, scratch, er, mt);
                if (sum <= 0f) continue;
                // Per-cell jitter of mixture weights: cells of one well vary like real cells do.
                float jitter = 0.8f + 0.4f * ((SplitMixRandom.Hash(c.TextureSeed + (ulong)li) >> 40) * (1f / (1 << 24)));
                float scale = plan.LabelWeights[li] * jitter * StructureSignals.ProteinLevel * c.ProteinBrightness * c.Area / sum;
                for (int y = c.Y0; y <= c.Y1; y++)
                {
                    for (int x = c.X0; x <= c.X1; x++)
                    {
                        int p = y * w + x;
                        if (canvas.Owner[p] == c.Id) protein[p] += scale * scratch[p];
                    }
                }
            }
        }
    }

    /// <summary>Writes the raw pattern of class <paramref name="cls"/> for cell <paramref name="c"/> into its pixels; returns its sum.</summary>
    internal static float Pattern(int cls, CellPlan c, FieldCanvas canvas, Span<float> dst, ReadOnlySpan<float> er, ReadOnlySpan<float> mt)
    {
        switch (cls)
        {
            case SyntheticClasses.Mitochondria: return PaintSpots(c.Mitochondria, c, canvas, dst);
            case SyntheticClasses.Vesicles: return PaintSpots(c.Vesicles, c, canvas, dst);
        }
        int w = canvas.Width;
        float sum = 0;
        for (int y = c.Y0; y <= c.Y1; y++)
        {
            for (int x = c.X0; x <= c.X1; x++)
            {
                int p = y * w + x;
                if (canvas.Owner[p] != c.Id) continue;
                float px = x + 0.5f, py = y + 0.5f, rn = canvas.RhoNucleus[p], rc = canvas.RhoCell[p];
                float v = cls switch
                {
                    SyntheticClasses.Nucleoplasm => rn < 1f
                        ? (0.75f + 0.5f * ValueNoise.Fractal(c.TextureSeed ^ 0x77UL, px / 1.8f, py / 1.8f)) * StructureSignals.SmoothStep((1f - rn) / 0.2f)
                          * (1f - 0.85f * MathF.Min(1f, Spot.SumAt(c.Nucleoli, px, py)))
                        : 0f,
                    SyntheticClasses.Nucleoli => rn < 1f ? Spot.SumAt(c.Nucleoli, px, py) : 0f,
                    SyntheticClasses.NuclearMembrane => StructureSignals.NuclearRim(c, rn),
                    SyntheticClasses.Cytosol => CytosolPattern(c, canvas, px, py, rn),
                    SyntheticClasses.EndoplasmicReticulum => er[p],
                    SyntheticClasses.PlasmaMembrane => StructureSignals.CellRim(c, rc),
                    SyntheticClasses.Microtubules => mt[p],
                    _ => throw new ArgumentOutOfRangeException(nameof(cls), $"Unknown class {cls}."),
                };
                dst[p] = v;
                sum += v;
            }
        }
        return sum;
    }

    private static float CytosolPattern(CellPlan c, FieldCanvas canvas, float x, float y, float rn)
    {
        if (rn < 1f) return 0f;
        float tex = 0.8f + 0.4f * ValueNoise.Sample(c.TextureSeed ^ 0x1234UL, x / 3f, y / 3f);
        return tex * StructureSignals.SmoothStep((rn - 1f) * c.Nucleus.MeanRadius / 1.5f);
    }

    /// <summary>Paints Gaussian spots, restricted to the cell's cytoplasm; returns the painted sum.</summary>
    internal static float PaintSpots(ReadOnlySpan<Spot> spots, CellPlan c, FieldCanvas canvas, Span<float> dst)
    {
        int w = canvas.Width;
        float sum = 0;
        foreach (ref readonly var s in spots)
        {
            int x0 = Math.Max(c.X0, (int)(s.X - s.Reach)), x1 = Math.Min(c.X1, (int)(s.X + s.Reach));
            int y0 = Math.Max(c.Y0, (int)(s.Y - s.Reach)), y1 = Math.Min(c.Y1, (int)(s.Y + s.Reach));
            for (int y = y0; y <= y1; y++)
            {
                for (int x = x0; x <= x1; x++)
                {
                    int p = y * w + x;
                    if (canvas.Owner[p] != c.Id || canvas.RhoNucleus[p] < 1f) continue;
                    float v = s.At(x + 0.5f, y + 0.5f);
                    dst[p] += v;
                    sum += v;
                }
            }
        }
        return sum;
    }
}
