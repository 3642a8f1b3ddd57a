namespace CellDino.Eval.Visualization;

/// <summary>Size and text of a plot. Every plot writes a PNG of exactly <see cref="Width"/> x <see cref="Height"/>
/// pixels and a CSV of the data behind it next to it (same name, <c>.csv</c>).</summary>
/// <param name="Width">Image width in pixels (at least 120).</param>
/// <param name="Height">Image height in pixels (at least 100).</param>
/// <param name="Title">Title drawn above the plot (printable ASCII; other characters draw as '?').</param>
/// <param name="XLabel">X-axis label.</param>
/// <param name="YLabel">Y-axis label (drawn vertically).</param>
public sealed record PlotStyle(int Width = 800, int Height = 600, string Title = "", string XLabel = "", string YLabel = "")
{
    internal void Validate()
    {
        if (Width < 120 || Height < 100 || Width > 16384 || Height > 16384)
            throw new ArgumentException($"Plot size must be between 120x100 and 16384x16384 pixels, got {Width}x{Height}.");
    }

    /// <summary>Path of the CSV written beside <paramref name="pngPath"/>.</summary>
    public static string CsvPathFor(string pngPath) => Path.ChangeExtension(pngPath, ".csv");
}
