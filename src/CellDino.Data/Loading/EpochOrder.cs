using CellDino.Data.Synthetic;

namespace CellDino.Data.Loading;

/// <summary>The sample order of one epoch: identity, or a Fisher–Yates permutation seeded by (seed, epoch).</summary>
internal static class EpochOrder
{
    private const ulong PermutationStream = 0x5EED_0F_E90C4UL;
    private const ulong TransformStream = 0x7A45_F0E3UL;

    public static int[] Permutation(int count, int seed, int epoch, bool shuffle)
    {
        var order = new int[count];
        for (int i = 0; i < count; i++) order[i] = i;
        if (!shuffle) return order;
        var rng = new SplitMixRandom((ulong)(uint)seed, (ulong)(uint)epoch, PermutationStream);
        for (int i = count - 1; i > 0; i--)
        {
            int j = rng.NextInt(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
        return order;
    }

    /// <summary>Per-sample transform seed: depends on (seed, epoch, index), never on which worker ran it.</summary>
    public static ulong TransformSeed(int seed, int epoch, int index) =>
        new SplitMixRandom((ulong)(uint)seed, ((ulong)(uint)epoch << 32) | (uint)index, TransformStream).NextUInt64();
}
