using CellDino.Core.Checkpoints;
using CellDino.Core.Losses;
using CellDino.TestSupport;
using static TorchSharp.torch;

namespace CellDino.Core.Tests.Losses;

/// <summary>The losses.* fixture: tensors, expected float64 scalars and configuration.</summary>
internal sealed class LossFixture : IDisposable
{
    public LossFixture()
    {
        T = Fixtures.Tensors("losses.safetensors");
        using var doc = Fixtures.Json("losses.json");
        var root = doc.RootElement;
        Expected = root.GetProperty("expected").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble(), StringComparer.Ordinal);
        var c = root.GetProperty("config");
        K = c.GetProperty("K (prototypes)").GetInt32();
        B = c.GetProperty("B (images per crop)").GetInt32();
        NumLocal = c.GetProperty("n_local_crops").GetInt32();
        StudentTemp = c.GetProperty("student_temp").GetDouble();
        CenterMomentum = c.GetProperty("center_momentum").GetDouble();
        SinkhornIterations = c.GetProperty("sinkhorn_iterations").GetInt32();
        TeacherTemps = c.GetProperty("teacher_temps").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        Weights = new SslLossWeights
        {
            Dino = c.GetProperty("dino_loss_weight").GetDouble(),
            Ibot = c.GetProperty("ibot_loss_weight").GetDouble(),
            Koleo = c.GetProperty("koleo_loss_weight").GetDouble(),
        };
    }

    public StateDict T { get; }
    public IReadOnlyDictionary<string, double> Expected { get; }
    public int K { get; }
    public int B { get; }
    public int NumLocal { get; }
    public double StudentTemp { get; }
    public double CenterMomentum { get; }
    public int SinkhornIterations { get; }
    public double[] TeacherTemps { get; }
    public SslLossWeights Weights { get; }

    // Tensor names spell the temperature as Python's repr does (T0.04, T0.055); "R" round-trips the same way.
    public static string Tag(double temp) => "T" + temp.ToString("R", System.Globalization.CultureInfo.InvariantCulture);

    public DinoLoss NewDinoLoss()
    {
        var l = new DinoLoss(K, StudentTemp, CenterMomentum);
        using (no_grad()) l.Center.copy_(T["dino.center_before"]);
        return l;
    }

    public IbotPatchLoss NewIbotLoss()
    {
        var l = new IbotPatchLoss(K, StudentTemp, CenterMomentum);
        using (no_grad()) l.Center.copy_(T["ibot.center_before"]);
        return l;
    }

    public static void Scalar(double expected, Tensor actual, string what, double rel = 1e-4)
    {
        Assert.Equal(0, actual.dim());
        double a = actual.to(ScalarType.Float64).item<double>();
        Assert.True(Math.Abs(a - expected) <= rel * Math.Abs(expected), $"{what}: {a:R} vs expected {expected:R}");
    }

    public void Dispose() => T.Dispose();
}
