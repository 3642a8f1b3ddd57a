using static TorchSharp.torch;

namespace CellDino.Core.Layers;

/// <summary>
/// Weight initializers. TorchSharp 0.107's <c>nn.init.trunc_normal_</c> fills a constant
/// (its native code swaps mean and std), so the truncated normal is written here.
/// </summary>
internal static class Init
{
    /// <summary>
    /// Fills <paramref name="tensor"/> in place with N(<paramref name="mean"/>, <paramref name="std"/>²)
    /// truncated to [<paramref name="a"/>, <paramref name="b"/>] (absolute bounds, as PyTorch's
    /// <c>trunc_normal_</c>), by inverse-CDF sampling.
    /// </summary>
    public static Tensor TruncNormal_(Tensor tensor, double mean = 0, double std = 1, double a = -2, double b = 2, Generator? generator = null)
    {
        using var _ = no_grad();
        static double NormCdf(double x) => (1 + Erf(x / Math.Sqrt(2))) / 2;
        double l = NormCdf((a - mean) / std), u = NormCdf((b - mean) / std);
        tensor.uniform_(2 * l - 1, 2 * u - 1, generator);
        tensor.erfinv_();
        tensor.mul_(std * Math.Sqrt(2));
        tensor.add_(mean);
        tensor.clamp_(a, b);
        return tensor;
    }

    // Abramowitz–Stegun 7.1.26 is too coarse for the tails; this uses the series/continued-fraction pair.
    internal static double Erf(double x)
    {
        if (double.IsNaN(x)) return double.NaN;
        double ax = Math.Abs(x);
        double r;
        if (ax < 2.5)
        {
            // Maclaurin series: erf(x) = 2/sqrt(pi) * sum (-1)^n x^(2n+1) / (n! (2n+1))
            double sum = 0, term = ax;
            for (int n = 0; n < 200; n++)
            {
                double add = term / (2 * n + 1);
                sum += add;
                if (Math.Abs(add) < 1e-17 * Math.Abs(sum)) break;
                term *= -ax * ax / (n + 1);
            }
            r = 2 / Math.Sqrt(Math.PI) * sum;
        }
        else
        {
            // erfc continued fraction (Lentz), accurate for large |x|.
            double f = ax, c = ax, d = 0, tiny = 1e-300;
            for (int n = 1; n < 300; n++)
            {
                double an = n / 2.0;
                d = ax + an * d; d = Math.Abs(d) < tiny ? tiny : d; d = 1 / d;
                c = ax + an / c; c = Math.Abs(c) < tiny ? tiny : c;
                double delta = c * d;
                f *= delta;
                if (Math.Abs(delta - 1) < 1e-16) break;
            }
            double erfc = Math.Exp(-ax * ax) / Math.Sqrt(Math.PI) / f;
            r = 1 - erfc;
        }
        return x < 0 ? -r : r;
    }
}
