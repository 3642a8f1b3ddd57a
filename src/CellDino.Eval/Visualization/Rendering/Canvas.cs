using CellDino.Core;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace CellDino.Eval.Visualization.Rendering;

/// <summary>
/// A minimal raster canvas over an ImageSharp RGBA image: filled rectangles, thick lines, discs, alpha blending and
/// bitmap text. Drawing is clipped to the image, so callers never index out of range.
/// </summary>
internal sealed class Canvas : IDisposable
{
    private readonly Image<Rgba32> image;

    /// <summary>Creates a canvas filled with <paramref name="background"/>.</summary>
    public Canvas(int width, int height, Rgba32 background)
    {
        if (width < 1 || height < 1) throw new ArgumentException($"Canvas size must be positive, got {width}x{height}.");
        image = new Image<Rgba32>(width, height, background);
    }

    /// <summary>Width in pixels.</summary>
    public int Width => image.Width;

    /// <summary>Height in pixels.</summary>
    public int Height => image.Height;

    /// <summary>Sets one pixel (ignored outside the canvas).</summary>
    public void Set(int x, int y, Rgba32 c)
    {
        if ((uint)x < (uint)Width && (uint)y < (uint)Height) image[x, y] = c;
    }

    /// <summary>Reads one pixel.</summary>
    public Rgba32 Get(int x, int y) => image[x, y];

    /// <summary>Blends <paramref name="c"/> over the pixel with opacity <paramref name="alpha"/> in [0, 1].</summary>
    public void Blend(int x, int y, Rgba32 c, float alpha)
    {
        if ((uint)x >= (uint)Width || (uint)y >= (uint)Height) return;
        var d = image[x, y];
        image[x, y] = new Rgba32(Mix(d.R, c.R, alpha), Mix(d.G, c.G, alpha), Mix(d.B, c.B, alpha), 255);
    }

    private static byte Mix(byte a, byte b, float t) => (byte)Math.Clamp(MathF.Round(a + (b - a) * t), 0, 255);

    /// <summary>Fills the rectangle [x0, x1) x [y0, y1).</summary>
    public void FillRect(int x0, int y0, int x1, int y1, Rgba32 c)
    {
        x0 = Math.Max(0, x0); y0 = Math.Max(0, y0); x1 = Math.Min(Width, x1); y1 = Math.Min(Height, y1);
        for (int y = y0; y < y1; y++)
            for (int x = x0; x < x1; x++)
                image[x, y] = c;
    }

    /// <summary>Blends a filled rectangle with opacity <paramref name="alpha"/>.</summary>
    public void BlendRect(int x0, int y0, int x1, int y1, Rgba32 c, float alpha)
    {
        for (int y = Math.Max(0, y0); y < Math.Min(Height, y1); y++)
            for (int x = Math.Max(0, x0); x < Math.Min(Width, x1); x++)
                Blend(x, y, c, alpha);
    }

    /// <summary>Draws a one-pixel rectangle outline around [x0, x1] x [y0, y1].</summary>
    public void StrokeRect(int x0, int y0, int x1, int y1, Rgba32 c)
    {
        Line(x0, y0, x1, y0, c, 1); Line(x1, y0, x1, y1, c, 1);
        Line(x1, y1, x0, y1, c, 1); Line(x0, y1, x0, y0, c, 1);
    }

    /// <summary>Draws a line of the given thickness (Bresenham with a square pen).</summary>
    public void Line(int x0, int y0, int x1, int y1, Rgba32 c, int thickness)
    {
        int dx = Math.Abs(x1 - x0), dy = -Math.Abs(y1 - y0);
        int sx = x0 < x1 ? 1 : -1, sy = y0 < y1 ? 1 : -1, err = dx + dy;
        int lo = -(thickness - 1) / 2, hi = thickness / 2;
        // Long lines from wild data are clipped by the step budget rather than looping for minutes.
        for (int steps = 0; steps < 100_000; steps++)
        {
            if (thickness <= 1) Set(x0, y0, c);
            else FillRect(x0 + lo, y0 + lo, x0 + hi + 1, y0 + hi + 1, c);
            if (x0 == x1 && y0 == y1) break;
            int e2 = 2 * err;
            if (e2 >= dy) { err += dy; x0 += sx; }
            if (e2 <= dx) { err += dx; y0 += sy; }
        }
    }

    /// <summary>Fills a disc of radius <paramref name="r"/> centred at (<paramref name="cx"/>, <paramref name="cy"/>).</summary>
    public void Disc(int cx, int cy, int r, Rgba32 c)
    {
        for (int y = -r; y <= r; y++)
            for (int x = -r; x <= r; x++)
                if (x * x + y * y <= r * r + r) Set(cx + x, cy + y, c);
    }

    /// <summary>Draws <paramref name="text"/> with its top-left corner at (x, y), each font pixel a
    /// <paramref name="scale"/>-sized square.</summary>
    public void Text(int x, int y, string text, Rgba32 c, int scale = 1)
    {
        text = BitmapFont.ToAscii(text);
        for (int i = 0; i < text.Length; i++)
        {
            int ox = x + i * BitmapFont.Advance * scale;
            for (int gy = 0; gy < BitmapFont.GlyphHeight; gy++)
                for (int gx = 0; gx < BitmapFont.GlyphWidth; gx++)
                    if (BitmapFont.Pixel(text[i], gx, gy))
                        FillRect(ox + gx * scale, y + gy * scale, ox + (gx + 1) * scale, y + (gy + 1) * scale, c);
        }
    }

    /// <summary>Draws text rotated 90° counter-clockwise (reading bottom to top) with its bounding box's top-left at (x, y).</summary>
    public void TextVertical(int x, int y, string text, Rgba32 c, int scale = 1)
    {
        text = BitmapFont.ToAscii(text);
        int length = BitmapFont.MeasureWidth(text, scale);
        for (int i = 0; i < text.Length; i++)
        {
            int along = i * BitmapFont.Advance * scale;
            for (int gy = 0; gy < BitmapFont.GlyphHeight; gy++)
                for (int gx = 0; gx < BitmapFont.GlyphWidth; gx++)
                    if (BitmapFont.Pixel(text[i], gx, gy))
                    {
                        // Rotation maps glyph column to upward distance and glyph row to rightward distance.
                        int px = x + gy * scale, py = y + length - along - (gx + 1) * scale;
                        FillRect(px, py, px + scale, py + scale, c);
                    }
        }
    }

    /// <summary>Draws text centred horizontally on <paramref name="cx"/>.</summary>
    public void TextCentered(int cx, int y, string text, Rgba32 c, int scale = 1) =>
        Text(cx - BitmapFont.MeasureWidth(text, scale) / 2, y, text, c, scale);

    /// <summary>Draws text right-aligned so it ends at <paramref name="right"/>.</summary>
    public void TextRight(int right, int y, string text, Rgba32 c, int scale = 1) =>
        Text(right - BitmapFont.MeasureWidth(text, scale), y, text, c, scale);

    /// <summary>Encodes the canvas as PNG and writes it atomically.</summary>
    public void SavePng(string path) => AtomicFile.Write(path, s => image.SaveAsPng(s));

    /// <inheritdoc />
    public void Dispose() => image.Dispose();
}
