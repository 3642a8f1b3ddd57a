namespace CellDino.Eval.Visualization.Rendering;

/// <summary>
/// A hand-drawn 5x7 bitmap font (plus a descender row for g, j, p, q, y and the comma) for printable ASCII (32–126): no font files or native text shaping are needed,
/// so plots render identically everywhere. Each glyph cell is 6 pixels wide including one column of spacing.
/// </summary>
internal static class BitmapFont
{
    /// <summary>Glyph width in font pixels, without spacing.</summary>
    public const int GlyphWidth = 5;

    /// <summary>Glyph height in font pixels: seven above the baseline and one descender row.</summary>
    public const int GlyphHeight = 8;

    /// <summary>Horizontal advance per character in font pixels.</summary>
    public const int Advance = 6;

    // Eight rows per glyph, top to bottom (row 7 is below the baseline), two hex digits per row; bit 4 (0x10) is the leftmost column.
    private static readonly string[] Glyphs =
    [
        "0000000000000000", "0404040404000400", "0A0A000000000000", "0A0A1F0A1F0A0A00", "040F140E051E0400", "1819020408130300",
        "0C12140815120D00", "0404000000000000", "0204080808040200", "0804020202040800",
        "0004150E15040000", "0004041F04040000", "00000000000C0408", "0000001F00000000", "00000000000C0C00", "0001020408100000",
        "0E11131519110E00", "040C040404040E00", "0E11010204081F00",
        "1F02040201110E00", "02060A121F020200", "1F101E0101110E00", "0608101E11110E00",
        "1F01020408080800", "0E11110E11110E00", "0E11110F01020C00", "000C0C000C0C0000", "000C0C000C040800", "0204081008040200",
        "00001F001F000000", "0804020102040800", "0E11010204000400", "0E11010D15150E00",
        // A-Z
        "0E1111111F111100", "1E11111E11111E00", "0E11101010110E00", "1C12111111121C00",
        "1F10101E10101F00", "1F10101E10101000", "0E11101711110F00", "1111111F11111100",
        "0E04040404040E00", "0702020202120C00", "1112141814121100", "1010101010101F00",
        "111B151511111100", "1111191513111100", "0E11111111110E00", "1E11111E10101000", "0E11111115120D00",
        "1E11111E14121100", "0F10100E01011E00", "1F04040404040400", "1111111111110E00", "11111111110A0400", "1111111515150A00",
        "11110A040A111100", "1111110A04040400", "1F01020408101F00",
        "0E08080808080E00", "0010080402010000", "0E02020202020E00", "040A110000000000", "0000000000001F00", "0804020000000000",
        // a-z
        "00000E010F110F00", "1010161911111E00", "00000E1010110E00", "01010D1311110F00",
        "00000E111F100E00", "0609081C08080800", "00000F11110F010E", "1010161911111100", "04000C0404040E00", "020006020202120C",
        "1010121418141200", "0C04040404040E00", "00001A1515111100", "0000161911111100", "00000E1111110E00", "00001E11111E1010",
        "00000F11110F0101", "0000161910101000", "00000E100E011E00", "08081C0808090600", "0000111111130D00", "00001111110A0400",
        "0000111115150A00", "0000110A040A1100", "00001111110F010E", "00001F0204081F00",
        "0204040804040200", "0404040404040400", "0804040204040800", "0000081502000000",
    ];

    /// <summary>True where glyph <paramref name="c"/> has an ink pixel at column <paramref name="x"/>, row <paramref name="y"/>;
    /// characters outside printable ASCII draw as '?'.</summary>
    public static bool Pixel(char c, int x, int y)
    {
        if ((uint)x >= GlyphWidth || (uint)y >= GlyphHeight) return false;
        int index = c is >= ' ' and <= '~' ? c - ' ' : '?' - ' ';
        var rows = Glyphs[index];
        int row = Convert.ToInt32(rows.Substring(y * 2, 2), 16);
        return (row & (0x10 >> x)) != 0;
    }

    /// <summary>
    /// <paramref name="text"/> in the characters the font has: accents dropped (é → e), common scientific symbols spelled
    /// (µ → u, α → alpha, ± → +/-, ° → deg, × → x, dashes → -), anything else '?'. Labels such as "µm" or "α-tubulin" stay readable.
    /// </summary>
    public static string ToAscii(string text)
    {
        if (text.All(ch => ch is >= ' ' and <= '~')) return text;
        var sb = new System.Text.StringBuilder(text.Length);
        foreach (var ch in text.Normalize(System.Text.NormalizationForm.FormD))
        {
            if (ch is >= ' ' and <= '~') { sb.Append(ch); continue; }
            if (System.Globalization.CharUnicodeInfo.GetUnicodeCategory(ch) == System.Globalization.UnicodeCategory.NonSpacingMark) continue;
            sb.Append(ch switch
            {
                'µ' or 'μ' => "u", 'α' => "alpha", 'β' => "beta", 'γ' => "gamma", 'δ' => "delta", 'Δ' => "Delta", 'κ' => "kappa",
                'λ' => "lambda", 'σ' => "sigma", '±' => "+/-", '°' => "deg", '×' => "x", '·' => ".", '–' or '—' or '−' => "-",
                '‘' or '’' => "'", '“' or '”' => "\"", '…' => "...", '²' => "2", '³' => "3", 'ß' => "ss", 'ø' => "o", 'Ø' => "O",
                '\t' or '\n' or '\r' => " ",
                _ => "?",
            });
        }
        return sb.ToString();
    }

    /// <summary>Width in device pixels of <paramref name="text"/> drawn at integer <paramref name="scale"/>.</summary>
    public static int MeasureWidth(string text, int scale)
    {
        int length = ToAscii(text).Length;
        return length == 0 ? 0 : (length * Advance - 1) * scale;
    }

    /// <summary>Height in device pixels of one text line at <paramref name="scale"/>.</summary>
    public static int MeasureHeight(int scale) => GlyphHeight * scale;

    /// <summary>Number of glyphs defined (printable ASCII).</summary>
    internal static int GlyphCount => Glyphs.Length;
}
