using CellDino.Data.Synthetic;

namespace CellDino.Data.Tests.Synthetic;

/// <summary>Independent measurements on painted fields, computed from pixels and ground-truth masks only.</summary>
internal static class FieldMeasures
{
    public const int Microtubules = 0, Protein = 1, Nucleus = 2, Er = 3;

    /// <summary>Median of the channel over background pixels (mask 0).</summary>
    public static float Background(SyntheticField f, int channel)
    {
        var plane = f.Image.Channel(channel);
        var bg = new List<float>();
        for (int p = 0; p < plane.Length; p++) if (f.CellMask[p] == 0) bg.Add(plane[p]);
        if (bg.Count == 0) return 0;
        bg.Sort();
        return bg[bg.Count / 2];
    }

    /// <summary>Background-subtracted channel mass inside nuclei over mass inside cells.</summary>
    public static double NuclearFraction(SyntheticField f, int channel = Protein)
    {
        var plane = f.Image.Channel(channel);
        float bg = Background(f, channel);
        double inNuc = 0, inCell = 0;
        for (int p = 0; p < plane.Length; p++)
        {
            if (f.CellMask[p] == 0) continue;
            double v = Math.Max(0, plane[p] - bg);
            inCell += v;
            if (f.NucleusMask[p] != 0) inNuc += v;
        }
        return inNuc / Math.Max(inCell, 1e-9);
    }

    /// <summary>Fraction of in-cell mass on pixels within 1 px (8-neighbourhood) of a different mask value.</summary>
    public static double BoundaryFraction(SyntheticField f, int[] mask, int channel = Protein)
    {
        var plane = f.Image.Channel(channel);
        int h = f.Image.Height, w = f.Image.Width;
        float bg = Background(f, channel);
        double edge = 0, all = 0;
        for (int y = 0; y < h; y++)
        {
            for (int x = 0; x < w; x++)
            {
                int p = y * w + x;
                if (f.CellMask[p] == 0) continue;
                double v = Math.Max(0, plane[p] - bg);
                all += v;
                bool border = false;
                for (int dy = -1; dy <= 1 && !border; dy++)
                    for (int dx = -1; dx <= 1 && !border; dx++)
                    {
                        int yy = y + dy, xx = x + dx;
                        if (yy < 0 || xx < 0 || yy >= h || xx >= w) continue;
                        border = mask[yy * w + xx] != mask[p];
                    }
                if (border) edge += v;
            }
        }
        return edge / Math.Max(all, 1e-9);
    }

    /// <summary>Pearson correlation of two channels over in-cell pixels.</summary>
    public static double Correlation(SyntheticField f, int a, int b)
    {
        var pa = f.Image.Channel(a);
        var pb = f.Image.Channel(b);
        double sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0;
        int n = 0;
        for (int p = 0; p < pa.Length; p++)
        {
            if (f.CellMask[p] == 0) continue;
            double x = pa[p], y = pb[p];
            sa += x; sb += y; saa += x * x; sbb += y * y; sab += x * y; n++;
        }
        double cov = sab / n - sa / n * (sb / n);
        double va = saa / n - sa / n * (sa / n), vb = sbb / n - sb / n * (sb / n);
        return cov / Math.Sqrt(va * vb);
    }

    /// <summary>
    /// Punctateness: mean squared deviation from the 3x3 local mean over interior cytoplasm pixels, divided by
    /// the squared mean cytoplasm intensity (scale-free high-frequency energy).
    /// </summary>
    public static double Punctateness(SyntheticField f, int channel = Protein)
    {
        var plane = f.Image.Channel(channel);
        int h = f.Image.Height, w = f.Image.Width;
        float bg = Background(f, channel);
        double hf = 0, mean = 0;
        int n = 0;
        for (int y = 1; y < h - 1; y++)
        {
            for (int x = 1; x < w - 1; x++)
            {
                int p = y * w + x;
                if (f.CellMask[p] == 0 || f.NucleusMask[p] != 0) continue;
                // Only pixels whose whole 3x3 window is cytoplasm of the same cell: outlines are not texture.
                double local = 0;
                bool interior = true;
                for (int dy = -1; dy <= 1; dy++)
                    for (int dx = -1; dx <= 1; dx++)
                    {
                        int q = (y + dy) * w + x + dx;
                        interior &= f.CellMask[q] == f.CellMask[p] && f.NucleusMask[q] == 0;
                        local += plane[q];
                    }
                if (!interior) continue;
                local /= 9;
                double d = plane[p] - local;
                hf += d * d;
                mean += plane[p] - bg;
                n++;
            }
        }
        mean /= n;
        return hf / n / (mean * mean);
    }

    /// <summary>Mean of a channel over the whole field.</summary>
    public static double Mean(SyntheticField f, int channel)
    {
        double s = 0;
        foreach (var v in f.Image.Channel(channel)) s += v;
        return s / (f.Image.Height * f.Image.Width);
    }

    /// <summary>Major/minor axis ratio of one cell's mask from its second moments.</summary>
    public static double Elongation(SyntheticField f, int cellId)
    {
        int w = f.Image.Width;
        double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
        int n = 0;
        for (int p = 0; p < f.CellMask.Length; p++)
        {
            if (f.CellMask[p] != cellId) continue;
            double x = p % w, y = p / w;
            sx += x; sy += y; sxx += x * x; syy += y * y; sxy += x * y; n++;
        }
        if (n < 5) return 1;
        double cxx = sxx / n - sx / n * (sx / n), cyy = syy / n - sy / n * (sy / n), cxy = sxy / n - sx / n * (sy / n);
        double tr = cxx + cyy, det = cxx * cyy - cxy * cxy;
        double disc = Math.Sqrt(Math.Max(0, tr * tr / 4 - det));
        double l1 = tr / 2 + disc, l2 = Math.Max(tr / 2 - disc, 1e-6);
        return Math.Sqrt(l1 / l2);
    }
}
