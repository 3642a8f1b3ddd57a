namespace CellDino.Eval.Visualization.Rendering;

/// <summary>Draws a legend of coloured swatches with names in a column starting at (x, y).</summary>
internal static class Legend
{
    /// <summary>Pixel width a legend needs for <paramref name="names"/> (swatch, gap and the longest name).</summary>
    public static int Width(IEnumerable<string> names) => 20 + names.Select(n => BitmapFont.MeasureWidth(n, 1)).DefaultIfEmpty(0).Max();

    /// <summary>Draws the legend; rows that would fall below <paramref name="maxY"/> are replaced by "...".</summary>
    public static void Draw(Canvas c, int x, int y, IReadOnlyList<string> names, Func<int, SixLabors.ImageSharp.PixelFormats.Rgba32> color, int maxY)
    {
        const int RowHeight = 14;
        for (int i = 0; i < names.Count; i++)
        {
            int ry = y + i * RowHeight;
            if (ry + 2 * RowHeight > maxY && i < names.Count - 1)
            {
                c.Text(x, ry, $"... {names.Count - i} more", Colors.Ink);
                return;
            }
            c.FillRect(x, ry, x + 10, ry + 8, color(i));
            c.Text(x + 15, ry + 1, names[i], Colors.Ink);
        }
    }
}
