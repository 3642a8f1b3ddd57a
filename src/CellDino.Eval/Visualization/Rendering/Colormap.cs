using SixLabors.ImageSharp.PixelFormats;

namespace CellDino.Eval.Visualization.Rendering;

/// <summary>
/// The viridis colour map from five published anchor colours (#440154, #3b528b, #21918c, #5ec962, #fde725),
/// linearly interpolated; its luminance rises monotonically, so brighter always means larger.
/// </summary>
internal static class Colormap
{
    private static readonly (byte R, byte G, byte B)[] Anchors =
        [(0x44, 0x01, 0x54), (0x3b, 0x52, 0x8b), (0x21, 0x91, 0x8c), (0x5e, 0xc9, 0x62), (0xfd, 0xe7, 0x25)];

    /// <summary>Colour for <paramref name="t"/> in [0, 1] (clamped; NaN maps to grey).</summary>
    public static Rgba32 Viridis(double t)
    {
        if (double.IsNaN(t)) return new Rgba32(128, 128, 128, 255);
        t = Math.Clamp(t, 0, 1) * (Anchors.Length - 1);
        int i = Math.Min((int)t, Anchors.Length - 2);
        double f = t - i;
        var (a, b) = (Anchors[i], Anchors[i + 1]);
        return new Rgba32(Lerp(a.R, b.R, f), Lerp(a.G, b.G, f), Lerp(a.B, b.B, f), 255);
    }

    private static byte Lerp(byte a, byte b, double f) => (byte)Math.Round(a + (b - a) * f);

    /// <summary>Relative luminance (Rec. 709 weights) of a colour, 0–255.</summary>
    public static double Luminance(Rgba32 c) => 0.2126 * c.R + 0.7152 * c.G + 0.0722 * c.B;
}
