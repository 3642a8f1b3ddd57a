namespace CellDino.Data.Synthetic;

/// <summary>The built-in synthetic cell lines, named after the real lines whose rough morphology they imitate.</summary>
internal static class SyntheticCellLines
{
    /// <summary>Large, flat, irregular, moderately elongated cells with a small nucleus and dense fibres.</summary>
    public static SyntheticCellLine U2OS { get; } = new("U-2 OS", 1.15f, 1.5f, 0.55f, 0.38f, 28, 3.0f, 0.55f, 4.0f);

    /// <summary>Medium, compact, round (cobblestone) cells with a large nucleus.</summary>
    public static SyntheticCellLine A549 { get; } = new("A549", 0.95f, 1.1f, 0.2f, 0.5f, 18, 2.0f, 0.4f, 3.0f);

    /// <summary>Small, spindle-shaped, strongly elongated cells with few coarse fibres.</summary>
    public static SyntheticCellLine SHSY5Y { get; } = new("SH-SY5Y", 0.8f, 2.3f, 0.3f, 0.55f, 10, 1.5f, 0.35f, 5.0f);

    /// <summary>All built-in lines.</summary>
    public static IReadOnlyList<SyntheticCellLine> All { get; } = new[] { U2OS, A549, SHSY5Y };
}
