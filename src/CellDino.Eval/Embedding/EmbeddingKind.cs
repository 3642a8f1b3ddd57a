namespace CellDino.Eval.Embedding;

/// <summary>Which tokens form an image's embedding (reference §1.5).</summary>
public enum EmbeddingKind
{
    /// <summary>The final-normed class token (Cell-DINO's kNN features), width D.</summary>
    ClsToken,

    /// <summary>Class token concatenated with the mean of the patch tokens, width 2D.</summary>
    ClsAndMeanPatch,

    /// <summary>DINOv2's linear-evaluation features: class tokens of the last <c>n</c> blocks (normed) concatenated, then the mean patch token of the last block; width (n+1)·D.</summary>
    LastBlocks,
}
