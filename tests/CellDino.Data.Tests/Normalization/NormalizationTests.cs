using CellDino.Data.Normalization;
using CellDino.Data.Samples;

namespace CellDino.Data.Tests.Normalization;

public class NormalizationTests
{
    [Fact]
    public void SelfNormalize_matches_hand_worked_values()
    {
        // /255 -> [0, .2, .4, .6]; mean .3; population var (.09+.01+.01+.09)/4 = .05; std = sqrt(.05).
        float[] x = [0, 51, 102, 153];
        new SelfNormalize().ApplyToChannel(x, 0, 255f);
        double s = Math.Sqrt(0.05) + 1e-7;
        double[] expected = [-0.3 / s, -0.1 / s, 0.1 / s, 0.3 / s];
        for (int i = 0; i < 4; i++) Assert.Equal(expected[i], x[i], 5);
        Assert.Equal(-1.3416407, x[0], 5);
    }

    [Fact]
    public void SelfNormalize_is_per_channel_and_keeps_constant_channels_at_zero()
    {
        var img = new MicroscopyImage(["a", "b"], 1, 2, [0, 65535, 7, 7], 16);
        IntensityNormalization.CellDinoDefault.Apply(img);
        Assert.Equal(-1f, img.Pixels[0], 5);
        Assert.Equal(1f, img.Pixels[1], 5);
        Assert.Equal(0f, img.Pixels[2]);
        Assert.Equal(0f, img.Pixels[3]);
    }

    [Fact]
    public void FixedScale_divides_by_source_max_or_given_scale()
    {
        var img = new MicroscopyImage(["a"], 1, 3, [0, 1234, 65535], 16);
        new FixedScale().Apply(img);
        Assert.Equal([0f, 1234f / 65535f, 1f], img.Pixels);
        float[] y = [51, 255];
        new FixedScale(51).ApplyToChannel(y, 0, 255);
        Assert.Equal([1f, 5f], y);
    }

    [Fact]
    public void PercentileClip_clips_and_rescales_with_linear_interpolation()
    {
        // 0..100: the 10th and 90th percentiles are exactly 10 and 90.
        var x = Enumerable.Range(0, 101).Select(i => (float)i).ToArray();
        new PercentileClip(10, 90).ApplyToChannel(x, 0, 255);
        Assert.Equal(0f, x[5]);
        Assert.Equal(0f, x[10]);
        Assert.Equal(0.5f, x[50], 6);
        Assert.Equal(1f, x[95]);
        // Two values 0 and 10: rank 0.25 -> 2.5, rank 0.75 -> 7.5.
        var (lo, hi) = PercentileClip.Percentiles([10f, 0f], 25, 75);
        Assert.Equal((2.5f, 7.5f), (lo, hi));
    }

    [Fact]
    public void PercentileClip_default_uses_0_1_and_99_9_percentiles()
    {
        // 0..1000: rank 0.001*1000 = 1 and 0.999*1000 = 999.
        var x = Enumerable.Range(0, 1001).Select(i => (float)i).ToArray();
        new PercentileClip().ApplyToChannel(x, 0, 65535);
        Assert.Equal(0f, x[0]);
        Assert.Equal(0f, x[1]);
        Assert.Equal((500f - 1f) / 998f, x[500], 6);
        Assert.Equal(1f, x[1000]);
        float[] flat = [3, 3, 3];
        new PercentileClip().ApplyToChannel(flat, 0, 255);
        Assert.Equal([0f, 0f, 0f], flat);
    }

    [Fact]
    public void RunningMoments_is_accurate_for_many_values_with_a_large_offset()
    {
        var rng = new Random(3);
        var x = new float[1_000_003];
        for (int i = 0; i < x.Length; i++) x[i] = 60000f + rng.Next(0, 100);
        double mean = x.Select(v => (double)v).Average();
        double var = x.Select(v => ((double)v - mean) * ((double)v - mean)).Average();
        var (m, s) = RunningMoments.MeanStd(x);
        Assert.Equal(mean, m, 6);
        // Float32 block sums bound the error to ~1e-7 relative.
        Assert.InRange(s / Math.Sqrt(var), 1 - 1e-6, 1 + 1e-6);
    }

    [Fact]
    public void DatasetStatistics_streams_all_images_and_round_trips_as_json()
    {
        // Channel a over both images: /255 -> {0, .2} and {.4, .6}: mean .3, std sqrt(.05).
        // Channel b: {1, 1, 0, 0} * 255/255: mean .5, std .5.
        var ds = new InMemoryDataset(
            new MicroscopyImage(["a", "b"], 1, 2, [0, 51, 255, 255], 8),
            new MicroscopyImage(["a", "b"], 1, 2, [102, 153, 0, 0], 8));
        var stats = DatasetStatistics.Compute(ds);
        Assert.Equal(0.3, stats.Mean[0], 6);
        Assert.Equal(Math.Sqrt(0.05), stats.Std[0], 6);
        Assert.Equal(0.5, stats.Mean[1], 6);
        Assert.Equal(0.5, stats.Std[1], 6);
        Assert.Equal((4L, 2), (stats.PixelCount, stats.ImageCount));

        var path = Path.Combine(Path.GetTempPath(), $"celldino-stats-{Guid.NewGuid():N}.json");
        try
        {
            stats.Save(path);
            var back = DatasetStatistics.Load(path);
            Assert.Equal(stats.ChannelNames, back.ChannelNames);
            Assert.Equal(stats.Mean, back.Mean);
            Assert.Equal(stats.Std, back.Std);

            float[] x = [51];
            new DatasetMeanStd(back).ApplyToChannel(x, 0, 255);
            Assert.Equal((0.2 - 0.3) / (Math.Sqrt(0.05) + 1e-7), x[0], 5);

            File.WriteAllText(path, "{\"channelNames\":[\"a\"],\"mean\":[0.1,0.2],\"std\":[1]}");
            var ex = Assert.Throws<DataFormatException>(() => DatasetStatistics.Load(path));
            Assert.Contains(path, ex.Message);
            File.WriteAllText(path, "{ not json");
            Assert.Throws<DataFormatException>(() => DatasetStatistics.Load(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    private sealed class InMemoryDataset(params MicroscopyImage[] images) : IMicroscopyDataset
    {
        public int Count => images.Length;
        public IReadOnlyList<string> ChannelNames => images[0].ChannelNames;
        public IReadOnlyList<string> ClassNames => [];
        public SampleMetadata GetMetadata(int index) => new() { Id = index.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        public Sample Get(int index) => new(images[index], GetMetadata(index));
    }
}
