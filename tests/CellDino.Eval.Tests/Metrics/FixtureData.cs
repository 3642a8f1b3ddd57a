using System.Text.Json;
using CellDino.Core.Checkpoints;
using CellDino.TestSupport;
using static TorchSharp.torch;

namespace CellDino.Eval.Tests;

/// <summary>Fixture tensors as plain arrays (the Eval APIs take arrays).</summary>
internal static class FixtureData
{
    public static StateDict Load(string file) => Fixtures.Tensors(file);

    public static int[] Ints(Tensor t) => t.to(ScalarType.Int64).data<long>().Select(v => checked((int)v)).ToArray();

    public static int[,] Ints2(Tensor t)
    {
        var flat = Ints(t);
        int r = (int)t.shape[0], c = (int)t.shape[1];
        var a = new int[r, c];
        Buffer.BlockCopy(flat, 0, a, 0, flat.Length * sizeof(int));
        return a;
    }

    public static double[] Doubles(Tensor t) => t.to(ScalarType.Float64).data<double>().ToArray();

    public static double[,] Doubles2(Tensor t)
    {
        var flat = Doubles(t);
        int r = (int)t.shape[0], c = (int)t.shape[1];
        var a = new double[r, c];
        Buffer.BlockCopy(flat, 0, a, 0, flat.Length * sizeof(double));
        return a;
    }

    public static float[,] Floats2(Tensor t)
    {
        var flat = t.to(ScalarType.Float32).data<float>().ToArray();
        int r = (int)t.shape[0], c = (int)t.shape[1];
        var a = new float[r, c];
        Buffer.BlockCopy(flat, 0, a, 0, flat.Length * sizeof(float));
        return a;
    }

    public static JsonElement Expected(string jsonFile)
    {
        using var doc = Fixtures.Json(jsonFile);
        return doc.RootElement.GetProperty("expected").Clone();
    }

    public static double Scalar(this JsonElement expected, string name) => expected.GetProperty(name).GetDouble();

    public static double[] Vector(this JsonElement expected, string name) =>
        expected.GetProperty(name).EnumerateArray().Select(e => e.GetDouble()).ToArray();
}
