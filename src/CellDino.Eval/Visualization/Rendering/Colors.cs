using SixLabors.ImageSharp.PixelFormats;

namespace CellDino.Eval.Visualization.Rendering;

/// <summary>Fixed colours used by every plot (ink, grid, background).</summary>
internal static class Colors
{
    /// <summary>Plot background.</summary>
    public static readonly Rgba32 White = new(255, 255, 255, 255);

    /// <summary>Axis lines and text.</summary>
    public static readonly Rgba32 Ink = new(30, 30, 30, 255);

    /// <summary>Grid lines.</summary>
    public static readonly Rgba32 Grid = new(225, 225, 225, 255);

    /// <summary>Background of masked patches.</summary>
    public static readonly Rgba32 Black = new(0, 0, 0, 255);
}
