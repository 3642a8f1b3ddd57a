namespace CellDino.Eval.Profiling;

/// <summary>
/// Cell Painting profile aggregation of the Cell-DINO / DINO4Cells pipeline: single-cell features are standardized
/// (StandardScaler: population std, a zero std left as 1), a site profile is the median over its cells, and a well
/// profile the mean over its sites. Groups keep the order in which they first occur.
/// </summary>
public static class ProfileAggregation
{
    /// <summary>Standardizes, aggregates to sites, then to wells.</summary>
    /// <param name="cellFeatures">[cells, features], finite.</param>
    /// <param name="cells">The site of each cell.</param>
    /// <param name="scope">Standardization scope.</param>
    public static WellProfiles Aggregate(double[,] cellFeatures, IReadOnlyList<SiteKey> cells, StandardizeScope scope = StandardizeScope.Global)
    {
        CheckRows(cellFeatures, cells.Count, "cells");
        var x = scope switch
        {
            StandardizeScope.None => cellFeatures,
            StandardizeScope.Global => Standardize(cellFeatures, null),
            StandardizeScope.PerPlate => Standardize(cellFeatures, cells.Select(c => c.Plate).ToArray()),
            _ => throw new ArgumentOutOfRangeException(nameof(scope), scope, "Unknown standardization scope."),
        };
        return WellMeans(SiteMedians(x, cells));
    }

    /// <summary>Standardizes each feature to zero mean and unit population std, per group when <paramref name="groups"/> is given.</summary>
    public static double[,] Standardize(double[,] features, IReadOnlyList<string>? groups = null)
    {
        int n = features.GetLength(0), d = features.GetLength(1);
        if (groups is not null) CheckRows(features, groups.Count, "groups");
        else CheckRows(features, n, "features");
        var rowsByGroup = Group(Enumerable.Range(0, n), i => groups is null ? "" : groups[i]);
        var y = new double[n, d];
        foreach (var rows in rowsByGroup.Values)
        {
            for (int j = 0; j < d; j++)
            {
                double mean = 0;
                foreach (int i in rows) mean += features[i, j];
                mean /= rows.Count;
                double var = 0;
                foreach (int i in rows) { double v = features[i, j] - mean; var += v * v; }
                double sd = Math.Sqrt(var / rows.Count);
                if (sd == 0) sd = 1.0;
                foreach (int i in rows) y[i, j] = (features[i, j] - mean) / sd;
            }
        }
        return y;
    }

    /// <summary>Median of each feature over the cells of each site (mean of the two middle values for an even count).</summary>
    public static SiteProfiles SiteMedians(double[,] cellFeatures, IReadOnlyList<SiteKey> cells)
    {
        CheckRows(cellFeatures, cells.Count, "cells");
        int d = cellFeatures.GetLength(1);
        var groups = Group(Enumerable.Range(0, cells.Count), i => cells[i]);
        var result = new double[groups.Count, d];
        var counts = new int[groups.Count];
        int g = 0;
        foreach (var rows in groups.Values)
        {
            var buf = new double[rows.Count];
            for (int j = 0; j < d; j++)
            {
                for (int r = 0; r < rows.Count; r++) buf[r] = cellFeatures[rows[r], j];
                Array.Sort(buf);
                int m = buf.Length / 2;
                result[g, j] = buf.Length % 2 == 1 ? buf[m] : (buf[m - 1] + buf[m]) / 2.0;
            }
            counts[g++] = rows.Count;
        }
        return new SiteProfiles([.. groups.Keys], result, counts);
    }

    /// <summary>Mean of each feature over the sites of each well.</summary>
    public static WellProfiles WellMeans(SiteProfiles sites)
    {
        CheckRows(sites.Features, sites.Sites.Count, "sites");
        int d = sites.Features.GetLength(1);
        var groups = Group(Enumerable.Range(0, sites.Sites.Count), i => sites.Sites[i].WellKey);
        var result = new double[groups.Count, d];
        var counts = new int[groups.Count];
        int g = 0;
        foreach (var rows in groups.Values)
        {
            for (int j = 0; j < d; j++)
            {
                double s = 0;
                foreach (int r in rows) s += sites.Features[r, j];
                result[g, j] = s / rows.Count;
            }
            counts[g++] = rows.Count;
        }
        return new WellProfiles([.. groups.Keys], result, counts);
    }

    private static OrderedDictionary<TKey, List<int>> Group<TKey>(IEnumerable<int> rows, Func<int, TKey> key) where TKey : notnull
    {
        var groups = new OrderedDictionary<TKey, List<int>>();
        foreach (int i in rows)
        {
            var k = key(i);
            if (!groups.TryGetValue(k, out var list)) groups.Add(k, list = []);
            list.Add(i);
        }
        return groups;
    }

    private static void CheckRows(double[,] x, int keys, string keyName)
    {
        int n = x.GetLength(0), d = x.GetLength(1);
        if (n != keys) throw new ArgumentException($"The feature matrix has {n} rows but {keyName} has {keys} entries.", keyName);
        if (n == 0 || d == 0) throw new ArgumentException($"The feature matrix is [{n}, {d}]: at least one row and one feature are required.", keyName);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < d; j++)
                if (!double.IsFinite(x[i, j]))
                    throw new ArgumentException($"Feature [{i}, {j}] is {x[i, j]}: profiles must be finite (impute or drop NaN features first).", keyName);
    }
}
