using SixLabors.ImageSharp.PixelFormats;

namespace CellDino.Eval.Visualization;

/// <summary>
/// Categorical colours: matplotlib's "tab10" then the lighter half of "tab20", so the first ten categories get the
/// familiar maximally distinct hues and up to twenty stay distinguishable; beyond that colours repeat.
/// </summary>
public static class Palette
{
    private static readonly uint[] Tab20Order =
    [
        // tab10
        0x1f77b4, 0xff7f0e, 0x2ca02c, 0xd62728, 0x9467bd, 0x8c564b, 0xe377c2, 0x7f7f7f, 0xbcbd22, 0x17becf,
        // tab20's light partners, same hue order
        0xaec7e8, 0xffbb78, 0x98df8a, 0xff9896, 0xc5b0d5, 0xc49c94, 0xf7b6d2, 0xc7c7c7, 0xdbdb8d, 0x9edae5,
    ];

    /// <summary>Number of distinct colours before they repeat.</summary>
    public static int Count => Tab20Order.Length;

    /// <summary>Colour of category <paramref name="index"/> (wraps around after <see cref="Count"/>).</summary>
    public static Rgba32 Color(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        uint v = Tab20Order[index % Tab20Order.Length];
        return new Rgba32((byte)(v >> 16), (byte)(v >> 8), (byte)v, 255);
    }
}
