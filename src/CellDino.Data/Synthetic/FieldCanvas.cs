namespace CellDino.Data.Synthetic;

/// <summary>
/// Per-field geometry buffers: which cell owns each pixel, its nucleus, and the normalized radii
/// painters use for compartments and membranes. Allocated once per field, never per pixel.
/// </summary>
internal sealed class FieldCanvas
{
    public FieldCanvas(int height, int width)
    {
        Height = height;
        Width = width;
        Owner = new int[height * width];
        NucleusOwner = new int[height * width];
        RhoCell = new float[height * width];
        RhoNucleus = new float[height * width];
    }

    public int Height { get; }
    public int Width { get; }

    /// <summary>Cell id per pixel (0 = background).</summary>
    public int[] Owner { get; }

    /// <summary>Cell id inside that cell's nucleus, else 0.</summary>
    public int[] NucleusOwner { get; }

    /// <summary>Normalized radius within the owning cell (0 centre, 1 outline).</summary>
    public float[] RhoCell { get; }

    /// <summary>Normalized radius with respect to the owning cell's nucleus (&lt; 1 inside it).</summary>
    public float[] RhoNucleus { get; }

    /// <summary>
    /// Assigns pixels to cells (where outlines overlap, the cell whose outline is relatively farther
    /// wins, which splits contacts along a smooth border) and records bounds and areas.
    /// </summary>
    public void Rasterize(CellPlan[] cells)
    {
        foreach (var c in cells)
        {
            var s = c.Shape;
            int x0 = Math.Max(0, (int)MathF.Floor(s.CenterX - s.Extent)), x1 = Math.Min(Width - 1, (int)MathF.Ceiling(s.CenterX + s.Extent));
            int y0 = Math.Max(0, (int)MathF.Floor(s.CenterY - s.Extent)), y1 = Math.Min(Height - 1, (int)MathF.Ceiling(s.CenterY + s.Extent));
            c.X0 = x0; c.X1 = x1; c.Y0 = y0; c.Y1 = y1;
            for (int y = y0; y <= y1; y++)
            {
                int row = y * Width;
                for (int x = x0; x <= x1; x++)
                {
                    float rho = s.Rho(x + 0.5f, y + 0.5f);
                    if (rho >= 1f) continue;
                    int p = row + x;
                    if (Owner[p] == 0 || rho < RhoCell[p])
                    {
                        Owner[p] = c.Id;
                        RhoCell[p] = rho;
                    }
                }
            }
        }
        foreach (var c in cells)
        {
            int area = 0, nucleusArea = 0;
            for (int y = c.Y0; y <= c.Y1; y++)
            {
                int row = y * Width;
                for (int x = c.X0; x <= c.X1; x++)
                {
                    int p = row + x;
                    if (Owner[p] != c.Id) continue;
                    area++;
                    float rn = c.Nucleus.Rho(x + 0.5f, y + 0.5f);
                    RhoNucleus[p] = rn;
                    if (rn < 1f)
                    {
                        NucleusOwner[p] = c.Id;
                        nucleusArea++;
                    }
                }
            }
            c.Area = area;
            c.NucleusArea = nucleusArea;
        }
    }
}
