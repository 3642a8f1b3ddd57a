using CellDino.Data;
using CellDino.Data.Samples;

namespace CellDino.Data.Tests.Loading;

/// <summary>Sample i has every pixel of channel c equal to 100·i + c; counts Get calls; can fail on one index.</summary>
internal sealed class CountingDataset : IMicroscopyDataset
{
    private int _gets;

    public CountingDataset(int count, int? failAt = null, int delayMs = 0)
    {
        Count = count;
        FailAt = failAt;
        DelayMs = delayMs;
    }

    public int Count { get; }
    public int? FailAt { get; }
    public int DelayMs { get; }
    public int Gets => Volatile.Read(ref _gets);
    public IReadOnlyList<string> ChannelNames { get; } = new[] { "a", "b" };
    public IReadOnlyList<string> ClassNames { get; } = Array.Empty<string>();

    public SampleMetadata GetMetadata(int index) => new() { Id = $"s{index}" };

    public Sample Get(int index)
    {
        Interlocked.Increment(ref _gets);
        if (DelayMs > 0) Thread.Sleep(DelayMs);
        if (index == FailAt) throw new DataFormatException($"sample{index}.png", "truncated PNG stream");
        var px = new float[2 * 3 * 4];
        for (int c = 0; c < 2; c++) px.AsSpan(c * 12, 12).Fill(100f * index + c);
        return new Sample(new MicroscopyImage(ChannelNames, 3, 4, px, 16), GetMetadata(index));
    }
}
