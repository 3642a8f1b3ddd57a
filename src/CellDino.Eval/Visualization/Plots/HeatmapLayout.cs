using CellDino.Eval.Visualization.Rendering;

namespace CellDino.Eval.Visualization;

/// <summary>Pixel placement of a heat map's square data area and its colour range.</summary>
internal sealed record HeatmapLayout(Axes Axes, int Left, int Top, int Size, int Rows, int Cols, double VMin, double VMax)
{
    /// <summary>Pixel rectangle [X0, X1) x [Y0, Y1) of cell (i, j), empty when the cell is subsampled away; cells tile without gaps.</summary>
    public (int X0, int Y0, int X1, int Y1) Cell(int i, int j) =>
        (Left + CeilDiv((long)j * Size, Cols), Top + CeilDiv((long)i * Size, Rows), Left + CeilDiv((long)(j + 1) * Size, Cols), Top + CeilDiv((long)(i + 1) * Size, Rows));

    // Pixel p shows row floor(p * Rows / Size), so row i starts at pixel ceil(i * Size / Rows).
    private static int CeilDiv(long a, int b) => (int)((a + b - 1) / b);

    /// <summary>Maps a value to [0, 1] over the colour range (a degenerate range maps to 0.5).</summary>
    public double Normalize(double v) => VMax > VMin ? Math.Clamp((v - VMin) / (VMax - VMin), 0, 1) : 0.5;
}
