using CellDino.Data.Samples;

namespace CellDino.Eval.Tests.Embedding;

/// <summary>Random 8-bit-range images with metadata, generated from a seed, for embedding tests.</summary>
internal sealed class InMemoryDataset : IMicroscopyDataset
{
    private readonly Sample[] _samples;
    public int Gets;

    public InMemoryDataset(int count, int channels = 4, int size = 32, int seed = 0, Func<int, int>? sizeOf = null)
    {
        var rng = new Random(seed);
        _samples = new Sample[count];
        for (int i = 0; i < count; i++)
        {
            int s = sizeOf?.Invoke(i) ?? size;
            var px = new float[channels * s * s];
            for (int k = 0; k < px.Length; k++) px[k] = rng.Next(256);
            var names = Enumerable.Range(0, channels).Select(c => $"ch{c}").ToArray();
            _samples[i] = new Sample(new MicroscopyImage(names, s, s, px, 8), new SampleMetadata
            {
                Id = $"img{i:D3}",
                Labels = i % 3 == 0 ? [i % 5, 7] : [i % 5],
                CellLine = i % 2 == 0 ? "U2OS" : "A549",
                Plate = "P1",
                Well = $"B{i % 4:D2}",
                Site = i % 2,
                Treatment = i % 4 == 0 ? "DMSO" : "drug, \"x\"",
                MechanismOfAction = i % 4 == 0 ? null : "tubulin inhibitor",
                IsControl = i % 4 == 0,
                Extra = i == 1 ? new Dictionary<string, string> { ["note"] = "a,b" } : new Dictionary<string, string>(),
            });
        }
        ChannelNames = _samples[0].Image.ChannelNames;
    }

    public int Count => _samples.Length;
    public IReadOnlyList<string> ChannelNames { get; }
    public IReadOnlyList<string> ClassNames { get; } = Enumerable.Range(0, 8).Select(i => $"class{i}").ToArray();
    public SampleMetadata GetMetadata(int index) => _samples[index].Metadata;
    public Sample Get(int index) { Interlocked.Increment(ref Gets); return _samples[index]; }
}
