namespace CellDino.Eval.Integration;

/// <summary>inv(A)·B for the small (batches + 1)-square systems of Harmony's ridge step, by Gauss–Jordan with partial pivoting.</summary>
internal static class SmallLinearSolve
{
    public static double[,] InverseTimes(double[,] a, double[,] b)
    {
        int n = a.GetLength(0), m = b.GetLength(1);
        var lu = (double[,])a.Clone();
        var x = (double[,])b.Clone();
        for (int col = 0; col < n; col++)
        {
            int piv = col;
            for (int r = col + 1; r < n; r++) if (Math.Abs(lu[r, col]) > Math.Abs(lu[piv, col])) piv = r;
            if (lu[piv, col] == 0) throw new InvalidOperationException("Harmony's ridge system is singular (a cluster holds no weight and lambda is 0).");
            if (piv != col)
            {
                for (int j = 0; j < n; j++) (lu[col, j], lu[piv, j]) = (lu[piv, j], lu[col, j]);
                for (int j = 0; j < m; j++) (x[col, j], x[piv, j]) = (x[piv, j], x[col, j]);
            }
            double d = lu[col, col];
            for (int r = 0; r < n; r++)
            {
                if (r == col) continue;
                double f = lu[r, col] / d;
                if (f == 0) continue;
                for (int j = col; j < n; j++) lu[r, j] -= f * lu[col, j];
                for (int j = 0; j < m; j++) x[r, j] -= f * x[col, j];
            }
        }
        for (int r = 0; r < n; r++)
            for (int j = 0; j < m; j++) x[r, j] /= lu[r, r];
        return x;
    }
}
