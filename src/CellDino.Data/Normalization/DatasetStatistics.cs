using System.Text.Json;
using System.Text.Json.Serialization;
using CellDino.Core;
using CellDino.Data.Samples;

namespace CellDino.Data.Normalization;

/// <summary>
/// Per-channel mean and population standard deviation over a whole dataset, in units of
/// <c>x / SourceMax</c> (so 8- and 16-bit data share a [0, 1] scale). Computed once by streaming
/// (float64 Welford/Chan merges), saved and loaded as JSON.
/// </summary>
public sealed record DatasetStatistics
{
    /// <summary>Channel names, in plane order.</summary>
    public required IReadOnlyList<string> ChannelNames { get; init; }

    /// <summary>Per-channel mean of <c>x / SourceMax</c>.</summary>
    public required IReadOnlyList<double> Mean { get; init; }

    /// <summary>Per-channel population standard deviation of <c>x / SourceMax</c>.</summary>
    public required IReadOnlyList<double> Std { get; init; }

    /// <summary>Pixels counted per channel.</summary>
    public required long PixelCount { get; init; }

    /// <summary>Images streamed.</summary>
    public required int ImageCount { get; init; }

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    /// <summary>Streams every sample of <paramref name="dataset"/> once and accumulates per-channel moments.</summary>
    public static DatasetStatistics Compute(IMicroscopyDataset dataset, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        int channels = dataset.ChannelNames.Count;
        var moments = new RunningMoments[channels];
        int images = 0;
        float[]? scratch = null;
        foreach (var sample in dataset.Stream(cancellationToken))
        {
            var img = sample.Image;
            if (img.Channels != channels)
                throw new InvalidOperationException($"Sample '{sample.Metadata.Id}' has {img.Channels} channels, the dataset declares {channels}.");
            int plane = img.Height * img.Width;
            if (scratch is null || scratch.Length < plane) scratch = new float[plane];
            for (int c = 0; c < channels; c++)
            {
                var s = scratch.AsSpan(0, plane);
                System.Numerics.Tensors.TensorPrimitives.Divide(img.Channel(c), img.SourceMax, s);
                moments[c].Add(s);
            }
            images++;
        }
        return new DatasetStatistics
        {
            ChannelNames = dataset.ChannelNames.ToArray(),
            Mean = moments.Select(m => m.Mean).ToArray(),
            Std = moments.Select(m => Math.Sqrt(m.PopulationVariance)).ToArray(),
            PixelCount = channels > 0 ? moments[0].Count : 0,
            ImageCount = images,
        };
    }

    /// <summary>Saves as indented JSON, atomically.</summary>
    public void Save(string path) => AtomicFile.WriteAllText(path, JsonSerializer.Serialize(new Dto(ChannelNames.ToArray(), Mean.ToArray(), Std.ToArray(), PixelCount, ImageCount), JsonOptions));

    /// <summary>Loads statistics saved by <see cref="Save"/>.</summary>
    /// <exception cref="DataFormatException">Missing file, malformed JSON, or inconsistent channel counts.</exception>
    public static DatasetStatistics Load(string path)
    {
        Dto? dto;
        try
        {
            dto = JsonSerializer.Deserialize<Dto>(File.ReadAllText(path), JsonOptions);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            throw new DataFormatException(path, $"cannot read dataset statistics ({e.Message}); expected JSON with channelNames, mean, std.", inner: e);
        }
        if (dto?.ChannelNames is null || dto.Mean is null || dto.Std is null)
            throw new DataFormatException(path, "dataset statistics JSON lacks channelNames, mean or std.");
        int n = dto.ChannelNames.Length;
        if (dto.Mean.Length != n || dto.Std.Length != n)
            throw new DataFormatException(path, $"dataset statistics: {n} channel names but {dto.Mean.Length} means and {dto.Std.Length} stds.");
        if (dto.Std.Any(s => !(s >= 0)) || dto.Mean.Any(m => !double.IsFinite(m)))
            throw new DataFormatException(path, "dataset statistics: means must be finite and stds non-negative.");
        return new DatasetStatistics { ChannelNames = dto.ChannelNames, Mean = dto.Mean, Std = dto.Std, PixelCount = dto.PixelCount, ImageCount = dto.ImageCount };
    }

    private sealed record Dto(
        [property: JsonPropertyName("channelNames")] string[] ChannelNames,
        [property: JsonPropertyName("mean")] double[] Mean,
        [property: JsonPropertyName("std")] double[] Std,
        [property: JsonPropertyName("pixelCount")] long PixelCount,
        [property: JsonPropertyName("imageCount")] int ImageCount);
}
