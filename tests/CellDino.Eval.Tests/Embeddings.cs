using CellDino.Eval.Embedding;

namespace CellDino.Eval.Tests;

/// <summary>Tests write small matrices as <c>float[,]</c> literals; the API takes an <see cref="EmbeddingSet"/>.</summary>
internal static class Embeddings
{
    /// <summary>A copy of <paramref name="x"/> as a set whose rows are named by index.</summary>
    public static EmbeddingSet Of(float[,] x) => new(Flat(x), x.GetLength(1));

    /// <summary>The row-major values of <paramref name="x"/>.</summary>
    public static float[] Flat(float[,] x)
    {
        var f = new float[x.Length];
        Buffer.BlockCopy(x, 0, f, 0, f.Length * sizeof(float));
        return f;
    }
}
