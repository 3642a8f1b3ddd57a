namespace CellDino.Eval.Metrics;

/// <summary>Argument validation shared by the metric functions, with messages that say what was expected.</summary>
internal static class InputChecks
{
    public static void SameLength(int a, int b, string nameA, string nameB)
    {
        if (a != b) throw new ArgumentException($"{nameA} has {a} elements but {nameB} has {b}: they must have the same length.", nameB);
    }

    public static void NotEmpty(int n, string name)
    {
        if (n == 0) throw new ArgumentException($"{name} is empty: at least one sample is required.", name);
    }

    public static void SameShape(int rowsA, int colsA, int rowsB, int colsB, string nameA, string nameB)
    {
        if (rowsA != rowsB || colsA != colsB)
            throw new ArgumentException($"{nameA} is [{rowsA}, {colsA}] but {nameB} is [{rowsB}, {colsB}]: they must have the same shape.", nameB);
    }

    public static void Finite(ReadOnlySpan<double> values, string name)
    {
        for (int i = 0; i < values.Length; i++)
            if (!double.IsFinite(values[i])) throw new ArgumentException($"{name}[{i}] is {values[i]}: scores must be finite.", name);
    }

    public static void Finite(double[,] values, string name)
    {
        for (int i = 0; i < values.GetLength(0); i++)
            for (int j = 0; j < values.GetLength(1); j++)
                if (!double.IsFinite(values[i, j])) throw new ArgumentException($"{name}[{i}, {j}] is {values[i, j]}: values must be finite.", name);
    }

    public static void Indicator(int[,] y, string name)
    {
        for (int i = 0; i < y.GetLength(0); i++)
            for (int j = 0; j < y.GetLength(1); j++)
                if (y[i, j] is not (0 or 1)) throw new ArgumentException($"{name}[{i}, {j}] is {y[i, j]}: a label-indicator matrix holds only 0 and 1.", name);
    }
}
