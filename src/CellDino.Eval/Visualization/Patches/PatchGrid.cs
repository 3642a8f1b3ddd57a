using CellDino.Eval.Visualization.Rendering;

namespace CellDino.Eval.Visualization;

/// <summary>
/// Patch tokens of one image laid out on the patch grid: row <c>r * GridWidth + c</c> of <see cref="Tokens"/> is the
/// patch in grid row r, column c (the order of ViT <c>x_norm_patchtokens</c>).
/// </summary>
/// <param name="Tokens">[GridHeight * GridWidth, D] patch features.</param>
/// <param name="GridHeight">Patch rows (image height / patch size).</param>
/// <param name="GridWidth">Patch columns.</param>
public sealed record PatchGrid(float[,] Tokens, int GridHeight, int GridWidth)
{
    /// <summary>Number of patches.</summary>
    public int Count => GridHeight * GridWidth;

    /// <summary>Feature dimension.</summary>
    public int Dim => Tokens.GetLength(1);

    /// <summary>Throws when the token count does not match the grid or a value is not finite.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Tokens);
        if (GridHeight < 1 || GridWidth < 1) throw new ArgumentException($"Patch grid must be at least 1x1, got {GridHeight}x{GridWidth}.");
        if (Tokens.GetLength(0) != Count)
            throw new ArgumentException($"Tokens has {Tokens.GetLength(0)} rows but the {GridHeight}x{GridWidth} grid has {Count} patches.");
        if (Dim < 1) throw new ArgumentException("Tokens has no feature columns.");
        Check.Finite(Tokens, nameof(Tokens));
    }
}
