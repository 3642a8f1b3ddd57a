namespace CellDino.Eval.Visualization.Rendering;

/// <summary>Input validation shared by the plots, with messages naming the argument and the offending index.</summary>
internal static class Check
{
    /// <summary>Throws unless every value is finite.</summary>
    public static void Finite(ReadOnlySpan<double> values, string name)
    {
        for (int i = 0; i < values.Length; i++)
            if (!double.IsFinite(values[i])) throw new ArgumentException($"{name}[{i}] is {values[i]}; plots need finite values.", name);
    }

    /// <summary>Throws unless every value of the matrix is finite.</summary>
    public static void Finite(float[,] m, string name)
    {
        for (int i = 0; i < m.GetLength(0); i++)
            for (int j = 0; j < m.GetLength(1); j++)
                if (!float.IsFinite(m[i, j])) throw new ArgumentException($"{name}[{i},{j}] is {m[i, j]}; expected a finite value.", name);
    }

    /// <summary>Throws unless <paramref name="count"/> equals <paramref name="expected"/>.</summary>
    public static void Length(int count, int expected, string name, string what)
    {
        if (count != expected) throw new ArgumentException($"{name} has {count} entries but {what} has {expected}.", name);
    }
}
