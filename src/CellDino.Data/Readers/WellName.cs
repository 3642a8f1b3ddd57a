namespace CellDino.Data.Readers;

/// <summary>Canonical well names: upper-case row letters and a two-digit column (<c>c3</c> → <c>C03</c>).</summary>
internal static class WellName
{
    public static string Canonical(string well)
    {
        var w = well.Trim().ToUpperInvariant();
        int i = 0;
        while (i < w.Length && char.IsAsciiLetter(w[i])) i++;
        if (i == 0 || i == w.Length || !int.TryParse(w.AsSpan(i), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int col))
            return w;
        return w[..i] + col.ToString("00", System.Globalization.CultureInfo.InvariantCulture);
    }
}
