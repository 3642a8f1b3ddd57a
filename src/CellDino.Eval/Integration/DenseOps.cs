using static TorchSharp.torch;

namespace CellDino.Eval.Integration;

/// <summary>Float64 matrix products through TorchSharp (BLAS) for Harmony's O(cells · clusters · dim) steps.</summary>
internal static class DenseOps
{
    /// <summary>op(a) · op(b), where op transposes when asked.</summary>
    public static double[,] MatMul(double[,] a, bool transposeA, double[,] b, bool transposeB)
    {
        using var scope = NewDisposeScope();
        var ta = ToTensor(a);
        var tb = ToTensor(b);
        if (transposeA) ta = ta.t();
        if (transposeB) tb = tb.t();
        return ToArray(ta.matmul(tb));
    }

    public static Tensor ToTensor(double[,] a)
    {
        var flat = new double[a.Length];
        Buffer.BlockCopy(a, 0, flat, 0, flat.Length * sizeof(double));
        return tensor(flat, [a.GetLength(0), a.GetLength(1)], ScalarType.Float64);
    }

    public static double[,] ToArray(Tensor t)
    {
        var flat = t.contiguous().cpu().data<double>().ToArray();
        var a = new double[t.shape[0], t.shape[1]];
        Buffer.BlockCopy(flat, 0, a, 0, flat.Length * sizeof(double));
        return a;
    }
}
