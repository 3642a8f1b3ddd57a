using CellDino.Eval.Visualization.Rendering;
using SixLabors.ImageSharp.PixelFormats;

namespace CellDino.Eval.Visualization;

/// <summary>
/// Renders a multi-channel microscopy image [C, H, W] as RGB by giving each channel a colour and adding them.
/// Each channel is contrast-stretched between its 0.5th and 99.5th percentiles so a few bright pixels do not darken it.
/// Default colours: 1 channel grey; 3 red, green, blue; 4 the HPA convention (microtubules red, protein green,
/// nucleus blue, ER yellow); otherwise <see cref="Palette"/>.
/// </summary>
public static class ChannelComposite
{
    /// <summary>Default colour of channel <paramref name="index"/> in a <paramref name="channels"/>-channel image.</summary>
    public static Rgba32 DefaultColor(int index, int channels) => channels switch
    {
        1 => new Rgba32(255, 255, 255, 255),
        3 or 4 => index switch
        {
            0 => new Rgba32(255, 0, 0, 255),
            1 => new Rgba32(0, 255, 0, 255),
            2 => new Rgba32(0, 0, 255, 255),
            _ => new Rgba32(255, 255, 0, 255),
        },
        _ => Palette.Color(index),
    };

    /// <summary>Returns [H, W, 3] RGB in [0, 1].</summary>
    public static float[,,] Render(float[,,] image, IReadOnlyList<Rgba32>? colors = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        int c = image.GetLength(0), h = image.GetLength(1), w = image.GetLength(2);
        if (c < 1 || h < 1 || w < 1) throw new ArgumentException($"image must be [C, H, W] with positive sizes, got [{c}, {h}, {w}].", nameof(image));
        if (colors is not null) Check.Length(colors.Count, c, nameof(colors), "image channels");
        var rgb = new float[h, w, 3];
        var values = new float[h * w];
        for (int ch = 0; ch < c; ch++)
        {
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++)
                {
                    float v = image[ch, y, x];
                    if (!float.IsFinite(v)) throw new ArgumentException($"image[{ch},{y},{x}] is {v}; expected a finite value.", nameof(image));
                    values[y * w + x] = v;
                }
            Array.Sort(values);
            float lo = values[(int)((values.Length - 1) * 0.005)], hi = values[(int)Math.Ceiling((values.Length - 1) * 0.995)];
            if (hi <= lo) { lo = values[0]; hi = values[^1]; }
            float range = hi > lo ? hi - lo : 1;
            var col = colors?[ch] ?? DefaultColor(ch, c);
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++)
                {
                    float t = Math.Clamp((image[ch, y, x] - lo) / range, 0, 1);
                    rgb[y, x, 0] += t * col.R / 255f;
                    rgb[y, x, 1] += t * col.G / 255f;
                    rgb[y, x, 2] += t * col.B / 255f;
                }
        }
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
                for (int k = 0; k < 3; k++) rgb[y, x, k] = Math.Min(rgb[y, x, k], 1);
        return rgb;
    }

    /// <summary>Draws [H, W, 3] RGB scaled (nearest neighbour) into the canvas rectangle at (x0, y0) of the given size.</summary>
    internal static void Blit(Canvas canvas, float[,,] rgb, int x0, int y0, int width, int height)
    {
        int h = rgb.GetLength(0), w = rgb.GetLength(1);
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
            {
                int sy = (int)((long)y * h / height), sx = (int)((long)x * w / width);
                canvas.Set(x0 + x, y0 + y, new Rgba32(ToByte(rgb[sy, sx, 0]), ToByte(rgb[sy, sx, 1]), ToByte(rgb[sy, sx, 2]), 255));
            }
    }

    private static byte ToByte(float v) => (byte)Math.Clamp(MathF.Round(v * 255), 0, 255);
}
