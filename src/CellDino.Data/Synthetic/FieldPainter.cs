namespace CellDino.Data.Synthetic;

/// <summary>Paints the noise-free reference channels of HPA fields and Cell Painting sites.</summary>
internal static class FieldPainter
{
    /// <summary>HPA: planes microtubules, protein, nucleus, er.</summary>
    public static void PaintHpa(FieldPlan plan, FieldCanvas canvas, float[] pixels, Span<float> scratch)
    {
        int plane = canvas.Height * canvas.Width, w = canvas.Width;
        var mt = pixels.AsSpan(0, plane);
        var protein = pixels.AsSpan(plane, plane);
        var nuc = pixels.AsSpan(2 * plane, plane);
        var er = pixels.AsSpan(3 * plane, plane);
        foreach (var c in plan.Cells)
        {
            for (int y = c.Y0; y <= c.Y1; y++)
            {
                for (int x = c.X0; x <= c.X1; x++)
                {
                    int p = y * w + x;
                    if (canvas.Owner[p] != c.Id) continue;
                    float px = x + 0.5f, py = y + 0.5f, rn = canvas.RhoNucleus[p];
                    mt[p] = StructureSignals.Microtubules(c, plan.CellLine, px, py, canvas.RhoCell[p], rn);
                    nuc[p] = StructureSignals.Nucleus(c, px, py, rn);
                    er[p] = StructureSignals.Er(c, plan.CellLine, 1f, px, py, rn);
                }
            }
        }
        ProteinPainter.Paint(plan, canvas, protein, er, mt, scratch);
    }

    /// <summary>Cell Painting: planes DNA, RNA, ER, AGP, Mito; the treatment shifts morphology and stains.</summary>
    public static void PaintCellPainting(FieldPlan plan, FieldCanvas canvas, float[] pixels, Span<float> scratch)
    {
        int plane = canvas.Height * canvas.Width, w = canvas.Width;
        var dna = pixels.AsSpan(0, plane);
        var rna = pixels.AsSpan(plane, plane);
        var er = pixels.AsSpan(2 * plane, plane);
        var agp = pixels.AsSpan(3 * plane, plane);
        var mito = pixels.AsSpan(4 * plane, plane);
        var trt = plan.Treatment;
        foreach (var c in plan.Cells)
        {
            float cos = MathF.Cos(c.Shape.Angle), sin = MathF.Sin(c.Shape.Angle);
            for (int y = c.Y0; y <= c.Y1; y++)
            {
                for (int x = c.X0; x <= c.X1; x++)
                {
                    int p = y * w + x;
                    if (canvas.Owner[p] != c.Id) continue;
                    float px = x + 0.5f, py = y + 0.5f, rn = canvas.RhoNucleus[p], rc = canvas.RhoCell[p];
                    dna[p] = StructureSignals.Nucleus(c, px, py, rn);
                    rna[p] = StructureSignals.RnaLevel * c.StainBrightness * (rn < 1f
                        ? 0.3f + 1.1f * MathF.Min(1f, Spot.SumAt(c.Nucleoli, px, py))
                        : 0.35f * StructureSignals.Cytoplasm(c, plan.CellLine, px, py, rn) * (1.2f - 0.6f * rc));
                    er[p] = StructureSignals.Er(c, plan.CellLine, trt.ErScale, px, py, rn);
                    // Stress fibres run along the cell's major axis: stripes across its minor axis.
                    float u = -(px - c.Shape.CenterX) * sin + (py - c.Shape.CenterY) * cos;
                    float f = 0.5f + 0.5f * MathF.Cos(2f * MathF.PI * u / 2.2f + c.FiberStripePhase);
                    f *= f;
                    f *= f;
                    float cyto = rn < 1f ? 0.2f : 1f;
                    agp[p] = StructureSignals.AgpLevel * c.StainBrightness *
                        (trt.ActinScale * (0.9f * StructureSignals.CellRim(c, rc) + 0.35f * f * cyto) + 0.9f * c.Golgi.At(px, py) + 0.05f);
                    mito[p] = 0.05f * StructureSignals.MitoLevel * c.StainBrightness * StructureSignals.Cytoplasm(c, plan.CellLine, px, py, rn);
                }
            }
            for (int y = c.Y0; y <= c.Y1; y++) scratch.Slice(y * w + c.X0, c.X1 - c.X0 + 1).Clear();
            ProteinPainter.PaintSpots(c.Mitochondria, c, canvas, scratch);
            float level = StructureSignals.MitoLevel * c.StainBrightness;
            for (int y = c.Y0; y <= c.Y1; y++)
            {
                for (int x = c.X0; x <= c.X1; x++)
                {
                    int p = y * w + x;
                    if (canvas.Owner[p] == c.Id) mito[p] += level * scratch[p];
                }
            }
        }
    }
}
