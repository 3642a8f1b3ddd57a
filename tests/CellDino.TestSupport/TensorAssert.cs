using static TorchSharp.torch;

namespace CellDino.TestSupport;

/// <summary>Tensor comparisons with messages that show where and by how much they differ.</summary>
public static class TensorAssert
{
    /// <summary>Asserts same shape and |a − b| ≤ atol + rtol·|b| everywhere.</summary>
    public static void Close(Tensor expected, Tensor actual, double atol = 1e-5, double rtol = 1e-5, string? what = null)
    {
        using var scope = NewDisposeScope();
        var label = what is null ? "" : what + ": ";
        Xunit.Assert.True(expected.shape.SequenceEqual(actual.shape),
            $"{label}shape [{string.Join(",", actual.shape)}] != expected [{string.Join(",", expected.shape)}]");
        var e = expected.detach().cpu().to(ScalarType.Float64);
        var a = actual.detach().cpu().to(ScalarType.Float64);
        var diff = (a - e).abs();
        var tol = atol + rtol * e.abs();
        var bad = diff.gt(tol);
        long nBad = bad.sum().item<long>();
        if (nBad > 0 || a.isnan().any().item<bool>())
        {
            double maxDiff = diff.max().item<double>();
            long at = diff.argmax().item<long>();
            Xunit.Assert.Fail($"{label}{nBad} of {e.numel()} elements differ; max |diff| = {maxDiff:G6} at flat index {at} (atol {atol}, rtol {rtol}).");
        }
    }

    /// <summary>The largest absolute difference between two tensors of the same shape.</summary>
    public static double MaxAbsDiff(Tensor a, Tensor b)
    {
        using var scope = NewDisposeScope();
        return (a.detach().cpu().to(ScalarType.Float64) - b.detach().cpu().to(ScalarType.Float64)).abs().max().item<double>();
    }
}

/// <summary>Relative-error assertions as the fixture README recommends them.</summary>
public static class TensorAssertRelative
{
    /// <summary>Asserts ‖actual − expected‖₂ / ‖expected‖₂ ≤ <paramref name="rel"/> and max |diff| ≤ <paramref name="maxAbs"/>.</summary>
    public static void RelL2(Tensor expected, Tensor actual, double rel = 1e-5, double maxAbs = 1e-4, string? what = null)
    {
        using var scope = NewDisposeScope();
        var label = what is null ? "" : what + ": ";
        Xunit.Assert.True(expected.shape.SequenceEqual(actual.shape),
            $"{label}shape [{string.Join(",", actual.shape)}] != expected [{string.Join(",", expected.shape)}]");
        var e = expected.detach().cpu().to(ScalarType.Float64);
        var a = actual.detach().cpu().to(ScalarType.Float64);
        double num = (a - e).norm().item<double>(), den = e.norm().item<double>();
        double r = den == 0 ? num : num / den;
        double mx = (a - e).abs().max().item<double>();
        Xunit.Assert.True(r <= rel && mx <= maxAbs && !double.IsNaN(r), $"{label}relative L2 error {r:G4} (limit {rel}), max |diff| {mx:G4} (limit {maxAbs}).");
    }
}
