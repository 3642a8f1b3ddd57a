using CellDino.Data.Samples;

namespace CellDino.Data.Synthetic;

/// <summary>
/// Draws a <see cref="FieldPlan"/> from (seed, field index). Each concern uses its own random stream
/// (well, plate, field, cell count), so e.g. the labels of a well do not depend on how many cells a
/// field has, and all sites of a well share cell line, labels and treatment.
/// </summary>
internal sealed class FieldPlanner
{
    private enum Stream : ulong { Field = 0, CellCount = 1, Well = 2, Plate = 3, PlateMap = 4, WellBatch = 5, Noise = 6 }

    private readonly SyntheticConfig _config;
    private readonly ulong _seed;
    private readonly int[] _plateMap;
    private readonly int _classOffset;

    public FieldPlanner(SyntheticConfig config)
    {
        _config = config;
        _seed = (ulong)(uint)config.Seed;
        // The same treatment layout on every plate (as in a real screen), shuffled once per seed.
        _plateMap = new int[config.WellsPerPlate];
        for (int w = 0; w < _plateMap.Length; w++) _plateMap[w] = w % config.Treatments.Count;
        var rng = Rng(Stream.PlateMap, 0);
        for (int i = _plateMap.Length - 1; i > 0; i--)
        {
            int j = rng.NextInt(i + 1);
            (_plateMap[i], _plateMap[j]) = (_plateMap[j], _plateMap[i]);
        }
        _classOffset = Rng(Stream.Well, ulong.MaxValue).NextInt(SyntheticClasses.Count);
    }

    public int CellCount(int fieldIndex) =>
        Rng(Stream.CellCount, (ulong)fieldIndex).NextInt(_config.MinCellsPerField, _config.MaxCellsPerField);

    public SyntheticTreatment TreatmentOfWell(int wellInPlate) => _config.Treatments[_plateMap[wellInPlate]];

    public FieldPlan Plan(int fieldIndex)
    {
        var layout = PlateLayout.Of(_config, fieldIndex);
        bool hpa = _config.Kind == SyntheticKind.HpaFieldOfView;
        var wellRng = Rng(Stream.Well, (ulong)layout.WellGlobal);
        var plateRng = Rng(Stream.Plate, (ulong)layout.PlateIndex);

        SyntheticCellLine line;
        SyntheticTreatment treatment;
        int[] labels;
        float[] weights;
        if (hpa)
        {
            line = _config.CellLines[wellRng.NextInt(_config.CellLines.Count)];
            treatment = SyntheticTreatments.Dmso;
            (labels, weights) = DrawLabels(layout.WellGlobal, ref wellRng);
        }
        else
        {
            line = _config.CellLines[plateRng.NextInt(_config.CellLines.Count)];
            treatment = TreatmentOfWell(layout.WellInPlate);
            labels = Array.Empty<int>();
            weights = Array.Empty<float>();
        }

        var metadata = new SampleMetadata
        {
            Id = hpa ? $"syn{_config.Seed}_{fieldIndex:D6}" : $"{layout.Plate}_{layout.Well}_s{layout.Site + 1}",
            Labels = labels,
            CellLine = line.Name,
            Plate = layout.Plate,
            Well = layout.Well,
            Site = layout.Site + 1,
            Treatment = hpa ? null : treatment.Name,
            MechanismOfAction = hpa ? null : treatment.MechanismOfAction,
            IsControl = !hpa && treatment.IsControl,
        };
        int channels = hpa ? SyntheticClasses.HpaChannels.Count : SyntheticClasses.CellPaintingChannels.Count;
        var batch = DrawBatchEffect(layout, channels, ref plateRng);
        var fieldRng = Rng(Stream.Field, (ulong)fieldIndex);
        var cells = PlaceCells(CellCount(fieldIndex), line, treatment, ref fieldRng);
        return new FieldPlan(metadata, line, treatment, labels, weights, batch, cells, Rng(Stream.Noise, (ulong)fieldIndex).NextUInt64());
    }

    private (int[] Labels, float[] Weights) DrawLabels(int wellGlobal, ref SplitMixRandom rng)
    {
        int k = SyntheticClasses.Count;
        // Primary class cycles over wells so classes are balanced by construction.
        int primary = (wellGlobal + _classOffset) % k;
        if (!rng.Bernoulli(_config.MultiLabelFraction)) return (new[] { primary }, new[] { 1f });
        int extra = rng.Bernoulli(0.3) ? 2 : 1;
        var labels = new List<int> { primary };
        while (labels.Count < 1 + extra)
        {
            int c = rng.NextInt(k);
            if (!labels.Contains(c)) labels.Add(c);
        }
        var weights = new float[labels.Count];
        float total = 0;
        for (int i = 0; i < weights.Length; i++) total += weights[i] = (float)rng.Uniform(0.6, 1.4);
        for (int i = 0; i < weights.Length; i++) weights[i] /= total;
        return (labels.ToArray(), weights);
    }

    private SyntheticBatchEffect DrawBatchEffect(PlateLayout layout, int channels, ref SplitMixRandom plateRng)
    {
        float s = _config.BatchEffectStrength;
        var wellRng = Rng(Stream.WellBatch, (ulong)layout.WellGlobal);
        float edge = layout.IsEdge(_config) ? 1f - 0.12f * s : 1f;
        float wellGain = (float)wellRng.LogNormal(0.05 * s) * edge;
        var gains = new float[channels];
        for (int c = 0; c < channels; c++) gains[c] = (float)plateRng.LogNormal(0.2 * s) * wellGain;
        float background = 200f + s * (float)plateRng.Uniform(0, 600);
        float blur = s * ((float)plateRng.Uniform(0, 0.9) + (float)wellRng.Uniform(0, 0.4));
        return new SyntheticBatchEffect(gains, background, blur);
    }

    private CellPlan[] PlaceCells(int count, SyntheticCellLine line, SyntheticTreatment trt, ref SplitMixRandom rng)
    {
        int h = _config.Height, w = _config.Width;
        float baseR = _config.EffectiveCellRadius * line.RadiusScale * trt.CellSizeScale;
        var cells = new CellPlan[count];
        Span<float> xs = stackalloc float[count], ys = stackalloc float[count], rs = stackalloc float[count];
        for (int i = 0; i < count; i++)
        {
            float r = baseR * (float)Math.Clamp(rng.LogNormal(0.12), 0.7, 1.4);
            // Best of several candidate positions: cells touch but rarely overlap much.
            float bx = 0, by = 0, best = float.NegativeInfinity;
            for (int attempt = 0; attempt < 24; attempt++)
            {
                float x = (float)rng.Uniform(0.3 * r, w - 0.3 * r), y = (float)rng.Uniform(0.3 * r, h - 0.3 * r);
                float sep = float.PositiveInfinity;
                for (int j = 0; j < i; j++)
                {
                    float dx = x - xs[j], dy = y - ys[j];
                    sep = MathF.Min(sep, MathF.Sqrt(dx * dx + dy * dy) / (r + rs[j]));
                }
                if (sep > best) { best = sep; bx = x; by = y; }
                if (best >= 1.0f) break;
            }
            xs[i] = bx; ys[i] = by; rs[i] = r;
            cells[i] = PlanCell(i + 1, bx, by, r, line, trt, ref rng);
        }
        return cells;
    }

    private static CellPlan PlanCell(int id, float cx, float cy, float r, SyntheticCellLine line, SyntheticTreatment trt, ref SplitMixRandom rng)
    {
        float elong = 1f + MathF.Max(0f, (line.Elongation - 1f) * trt.ElongationScale * (float)rng.LogNormal(0.2));
        float angle = (float)rng.Uniform(0, Math.PI);
        float irregular = line.Irregularity * trt.IrregularityScale * (float)rng.Uniform(0.6, 1.2);
        float sq = MathF.Sqrt(elong);
        var shape = new CellShape(cx, cy, r * sq, r / sq, angle, irregular, ref rng);

        float rn = r * Math.Clamp(line.NucleusFraction * trt.NucleusScale * (float)rng.LogNormal(0.08), 0.2f, 0.72f);
        float nElong = 1f + 0.35f * (elong - 1f) + (float)rng.Uniform(0, 0.15);
        float off = (float)rng.Uniform(0, 0.12) * r, offAngle = (float)rng.Uniform(0, 2 * Math.PI);
        float nsq = MathF.Sqrt(nElong);
        float ncx = cx + off * MathF.Cos(offAngle), ncy = cy + off * MathF.Sin(offAngle);
        var nucleus = new CellShape(ncx, ncy, rn * nsq, rn / nsq, angle + (float)(0.3 * rng.NextGaussian()), 0.15f, ref rng);

        var nucleoli = new Spot[rng.NextInt(1, 4)];
        for (int i = 0; i < nucleoli.Length; i++)
        {
            float a = (float)rng.Uniform(0, 2 * Math.PI), d = rn * (float)rng.Uniform(0, 0.5);
            float sg = MathF.Max(0.7f, rn * (float)rng.Uniform(0.12, 0.2));
            nucleoli[i] = new Spot(ncx + d * MathF.Cos(a), ncy + d * MathF.Sin(a), sg, sg, 0, 1f);
        }

        float cytoArea = MathF.PI * (r * r - rn * rn);
        float frag = trt.MitoFragmentation;
        int nMito = Math.Max(4, (int)(line.MitoDensity * cytoArea / 100f * (1f + 1.5f * frag)));
        var mito = new Spot[nMito];
        for (int i = 0; i < nMito; i++)
        {
            var (x, y) = CytoplasmPoint(shape, nucleus, ref rng);
            float tangent = MathF.Atan2(y - ncy, x - ncx) + MathF.PI / 2 + (float)(0.5 * rng.NextGaussian());
            float along = (0.8f + 2.4f * (1f - frag)) * (float)rng.Uniform(0.8, 1.2);
            mito[i] = new Spot(x, y, along, 0.6f, tangent, (float)rng.Uniform(0.7, 1.3));
        }
        var vesicles = new Spot[Math.Max(3, (int)(0.3f * line.MitoDensity * cytoArea / 100f))];
        for (int i = 0; i < vesicles.Length; i++)
        {
            var (x, y) = CytoplasmPoint(shape, nucleus, ref rng);
            float sg = (float)rng.Uniform(1.1, 1.6);
            vesicles[i] = new Spot(x, y, sg, sg, 0, (float)rng.Uniform(0.7, 1.3));
        }
        float ga = (float)rng.Uniform(0, 2 * Math.PI);
        var golgi = new Spot(ncx + 1.15f * rn * MathF.Cos(ga), ncy + 1.15f * rn * MathF.Sin(ga), 0.35f * rn + 0.5f, 0.22f * rn + 0.5f, ga + MathF.PI / 2, 1f);

        return new CellPlan
        {
            Id = id,
            Shape = shape,
            Nucleus = nucleus,
            Radius = r,
            TextureSeed = rng.NextUInt64(),
            ErSeed = rng.NextUInt64(),
            FiberPhase = (float)rng.Uniform(0, 2 * Math.PI),
            FiberTwist = (float)rng.Uniform(-1.5, 1.5),
            FiberStripePhase = (float)rng.Uniform(0, 2 * Math.PI),
            StainBrightness = (float)rng.LogNormal(0.15),
            ProteinBrightness = (float)rng.LogNormal(0.35),
            Nucleoli = nucleoli,
            Mitochondria = mito,
            Vesicles = vesicles,
            Golgi = golgi,
        };
    }

    /// <summary>A random point inside the cell but outside the nucleus (rejection sampling, bounded tries).</summary>
    private static (float X, float Y) CytoplasmPoint(CellShape cell, CellShape nucleus, ref SplitMixRandom rng)
    {
        float x = cell.CenterX, y = cell.CenterY;
        for (int t = 0; t < 30; t++)
        {
            x = cell.CenterX + (float)rng.Uniform(-cell.Extent, cell.Extent);
            y = cell.CenterY + (float)rng.Uniform(-cell.Extent, cell.Extent);
            if (cell.Rho(x, y) < 0.9f && nucleus.Rho(x, y) > 1.1f) break;
        }
        return (x, y);
    }

    private SplitMixRandom Rng(Stream stream, ulong id) => new(_seed, id, (ulong)stream);
}
