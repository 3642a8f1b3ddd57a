using CellDino.Eval.Visualization.Rendering;
using SixLabors.ImageSharp.PixelFormats;
using Xunit;

namespace CellDino.Eval.Tests.Visualization;

public sealed class BitmapFontTests
{
    private static string Bits(char c) =>
        string.Concat(Enumerable.Range(0, BitmapFont.GlyphHeight * BitmapFont.GlyphWidth)
            .Select(p => BitmapFont.Pixel(c, p % BitmapFont.GlyphWidth, p / BitmapFont.GlyphWidth) ? '1' : '0'));

    [Fact]
    public void CoversPrintableAscii() => Assert.Equal(95, BitmapFont.GlyphCount);

    [Fact]
    public void LettersAndDigitsHaveInkAndSpaceHasNone()
    {
        foreach (var c in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.,-+%()")
            Assert.Contains('1', Bits(c));
        Assert.DoesNotContain('1', Bits(' '));
    }

    [Fact]
    public void AllVisibleGlyphsAreDistinct()
    {
        var glyphs = Enumerable.Range(33, 94).Select(i => Bits((char)i)).ToList();
        Assert.Equal(glyphs.Count, glyphs.Distinct().Count());
    }

    [Fact]
    public void GlyphShapesMatchTheirDesign()
    {
        // 'L': left column full, bottom row full, nothing else.
        for (int y = 0; y < 7; y++) Assert.True(BitmapFont.Pixel('L', 0, y));
        for (int x = 0; x < 5; x++) Assert.True(BitmapFont.Pixel('L', x, 6));
        Assert.False(BitmapFont.Pixel('L', 3, 2));
        // '-': only the middle row.
        Assert.Equal("00000" + "00000" + "00000" + "11111" + "00000" + "00000" + "00000" + "00000", Bits('-'));
        // Only descender letters reach below the baseline (row 7).
        Assert.All("gjpqy", ch => Assert.Contains('1', Bits(ch)[35..]));
        Assert.All("abcdefhiklmnorstuvwxzABCXYZ0189", ch => Assert.DoesNotContain('1', Bits(ch)[35..]));
        // Non-ASCII falls back to '?'.
        Assert.Equal(Bits('?'), Bits('é'));
    }

    [Fact]
    public void CanvasTextDrawsScaledInkInsideItsBox()
    {
        using var c = new Canvas(60, 30, new Rgba32(255, 255, 255, 255));
        var ink = new Rgba32(0, 0, 0, 255);
        c.Text(2, 3, "Hi", ink, 2);
        int inside = 0, outside = 0;
        int w = BitmapFont.MeasureWidth("Hi", 2), h = BitmapFont.MeasureHeight(2);
        for (int y = 0; y < 30; y++)
            for (int x = 0; x < 60; x++)
                if (c.Get(x, y) == ink) { if (x >= 2 && x < 2 + w && y >= 3 && y < 3 + h) inside++; else outside++; }
        Assert.Equal(0, outside);
        // 'H' has 17 ink pixels and 'i' 9 (per the glyph table), each 2x2 at scale 2.
        Assert.Equal((Bits('H').Count(ch => ch == '1') + Bits('i').Count(ch => ch == '1')) * 4, inside);
        Assert.Equal(17, Bits('H').Count(ch => ch == '1'));
    }

    [Fact]
    public void VerticalTextIsTheRotatedHorizontalText()
    {
        using var h = new Canvas(40, 40, new Rgba32(255, 255, 255, 255));
        using var v = new Canvas(40, 40, new Rgba32(255, 255, 255, 255));
        var ink = new Rgba32(0, 0, 0, 255);
        h.Text(0, 0, "Ab", ink);
        v.TextVertical(0, 0, "Ab", ink);
        int len = BitmapFont.MeasureWidth("Ab", 1);
        // Rotating 90° counter-clockwise maps (x, y) to (y, len - 1 - x).
        for (int y = 0; y < BitmapFont.GlyphHeight; y++)
            for (int x = 0; x < len; x++)
                Assert.Equal(h.Get(x, y), v.Get(y, len - 1 - x));
    }
}
