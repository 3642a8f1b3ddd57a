namespace CellDino.Eval.Probes;

/// <summary>
/// Seeded train / validation / test splits: stratified by label, or by group so that a group (a compound, a treatment,
/// a plate) never spans two splits.
/// </summary>
/// <remarks>
/// A row's stratum is its class, or for multi-label rows its rarest label (by frequency over all rows; ties to the
/// smaller index); rows with no label form their own stratum. Each stratum of n rows gives
/// <c>round(testFraction·n)</c> rows to test, <c>round(validationFraction·n)</c> to validation and the rest to
/// training, trimmed so training keeps at least one row of every stratum.
/// </remarks>
public static class DataSplit
{
    /// <summary>Stratified split of rows labelled <paramref name="labels"/> (class indices per row).</summary>
    public static SplitIndices Stratified(IReadOnlyList<IReadOnlyList<int>> labels, double validationFraction, double testFraction, int seed)
    {
        ArgumentNullException.ThrowIfNull(labels);
        CheckFractions(validationFraction, testFraction);
        var strata = Strata(labels);
        return Split(Enumerable.Range(0, labels.Count).ToArray(), strata, validationFraction, testFraction, seed, i => new[] { i });
    }

    /// <summary>
    /// Split in which all rows of a group go to the same part: groups, not rows, are divided by the fractions. With
    /// <paramref name="labels"/> the groups are stratified by their most common row stratum (ties to the smaller).
    /// </summary>
    public static SplitIndices ByGroup(IReadOnlyList<string> groups, double validationFraction, double testFraction, int seed,
        IReadOnlyList<IReadOnlyList<int>>? labels = null)
    {
        ArgumentNullException.ThrowIfNull(groups);
        CheckFractions(validationFraction, testFraction);
        if (labels is not null && labels.Count != groups.Count)
            throw new ArgumentException($"{groups.Count} group keys but {labels.Count} label rows; expected one of each per row.", nameof(labels));
        var members = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var order = new List<string>();
        for (int i = 0; i < groups.Count; i++)
        {
            var g = groups[i] ?? throw new ArgumentException($"Group key of row {i} is null.", nameof(groups));
            if (!members.TryGetValue(g, out var list))
            {
                members[g] = list = new List<int>();
                order.Add(g);
            }
            list.Add(i);
        }
        // Order groups canonically so the split depends on the seed, not on row order.
        order.Sort(StringComparer.Ordinal);
        var rowStrata = labels is null ? null : Strata(labels);
        var groupStrata = order.Select(g => rowStrata is null ? 0 :
            members[g].GroupBy(i => rowStrata[i]).OrderByDescending(s => s.Count()).ThenBy(s => s.Key).First().Key).ToArray();
        return Split(Enumerable.Range(0, order.Count).ToArray(), groupStrata, validationFraction, testFraction, seed, gi => members[order[gi]]);
    }

    private static void CheckFractions(double validationFraction, double testFraction)
    {
        if (!(validationFraction >= 0) || !(testFraction >= 0) || !(validationFraction + testFraction < 1))
            throw new ArgumentException(
                $"Split fractions must be non-negative and leave room for training: validation {validationFraction}, test {testFraction}.");
    }

    // Stratum per row: its class, its rarest label for multi-label rows, or -1 without labels.
    private static int[] Strata(IReadOnlyList<IReadOnlyList<int>> labels)
    {
        var freq = new Dictionary<int, int>();
        foreach (var row in labels)
        {
            ArgumentNullException.ThrowIfNull(row);
            foreach (int c in row.Distinct()) freq[c] = freq.GetValueOrDefault(c) + 1;
        }
        return labels.Select(row => row.Count == 0 ? -1 : row.Distinct().OrderBy(c => freq[c]).ThenBy(c => c).First()).ToArray();
    }

    private static SplitIndices Split(int[] units, int[] strata, double valF, double testF, int seed, Func<int, IEnumerable<int>> rowsOf)
    {
        var rng = new Random(seed);
        List<int> train = new(), val = new(), test = new();
        foreach (var stratum in units.GroupBy(u => strata[u]).OrderBy(s => s.Key))
        {
            var members = stratum.ToArray();
            rng.Shuffle(members);
            int n = members.Length;
            int nTest = (int)Math.Round(testF * n, MidpointRounding.AwayFromZero);
            int nVal = (int)Math.Round(valF * n, MidpointRounding.AwayFromZero);
            // Keep one unit for training: trim validation first, then test.
            while (nTest + nVal > n - 1 && nVal > 0) nVal--;
            while (nTest + nVal > n - 1 && nTest > 0) nTest--;
            for (int k = 0; k < n; k++)
            {
                var target = k < nTest ? test : k < nTest + nVal ? val : train;
                target.AddRange(rowsOf(members[k]));
            }
        }
        return new SplitIndices(Sorted(train), Sorted(val), Sorted(test));
    }

    private static int[] Sorted(List<int> rows)
    {
        var a = rows.ToArray();
        Array.Sort(a);
        return a;
    }
}
