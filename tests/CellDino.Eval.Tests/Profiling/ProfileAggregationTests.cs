using CellDino.Eval.Profiling;

namespace CellDino.Eval.Tests.Profiling;

public class ProfileAggregationTests
{
    private static readonly SiteKey A1 = new("P1", "A01", "1"), A2 = new("P1", "A01", "2"), B1 = new("P2", "B01", "1");

    [Fact]
    public void Site_median_then_well_mean_worked_by_hand()
    {
        // Site A1: cells 1, 5, 3 -> median 3; site A2: cells 2, 10 -> median 6; well A01 = mean(3, 6) = 4.5. B1: 7.
        double[,] x = { { 1, 0 }, { 5, 0 }, { 2, 1 }, { 3, 0 }, { 10, 3 }, { 7, -1 } };
        SiteKey[] keys = [A1, A1, A2, A1, A2, B1];
        var wells = ProfileAggregation.Aggregate(x, keys, StandardizeScope.None);
        Assert.Equal([new WellKey("P1", "A01"), new WellKey("P2", "B01")], wells.Wells);
        Assert.Equal([2, 1], wells.SiteCounts);
        Assert.Equal(4.5, wells.Features[0, 0], 12);
        Assert.Equal(1.0, wells.Features[0, 1], 12); // medians 0 and 2
        Assert.Equal(7.0, wells.Features[1, 0], 12);
        var sites = ProfileAggregation.SiteMedians(x, keys);
        Assert.Equal([3, 2, 1], sites.CellCounts);
    }

    [Fact]
    public void Standardize_per_plate_uses_each_plates_population_std()
    {
        double[,] x = { { 1, 5 }, { 3, 5 }, { 10, 0 }, { 20, 2 } };
        var y = ProfileAggregation.Standardize(x, ["p", "p", "q", "q"]);
        // Plate p feature 0: mean 2, std 1 -> -1, 1; feature 1 constant -> std left 1 -> 0.
        Assert.Equal(-1, y[0, 0], 12);
        Assert.Equal(1, y[1, 0], 12);
        Assert.Equal(0, y[0, 1], 12);
        Assert.Equal(-1, y[2, 0], 12);
        Assert.Equal(1, y[3, 1], 12);
        var g = ProfileAggregation.Standardize(x);
        double mean = (1 + 3 + 10 + 20) / 4.0, sd = Math.Sqrt(((1 - mean) * (1 - mean) + (3 - mean) * (3 - mean) + (10 - mean) * (10 - mean) + (20 - mean) * (20 - mean)) / 4);
        Assert.Equal((20 - mean) / sd, g[3, 0], 12);
    }

    [Fact]
    public void Bad_input_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => ProfileAggregation.Aggregate(new double[2, 2], [A1]));
        var ex = Assert.Throws<ArgumentException>(() => ProfileAggregation.Aggregate(new double[,] { { 1, double.NaN } }, [A1]));
        Assert.Contains("[0, 1]", ex.Message);
        Assert.Throws<ArgumentException>(() => ProfileAggregation.Standardize(new double[2, 1], ["a"]));
    }
}
