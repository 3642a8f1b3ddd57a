namespace CellDino.Eval.Probes;

/// <summary>
/// Low-shot evaluation: train a probe on stratified fractions of the training labels, several seeds each, and report
/// mean ± std per fraction.
/// </summary>
/// <remarks>
/// Multi-class subsets keep <c>max(1, round(f·n_c))</c> rows of each class c. Multi-label subsets visit labels from
/// the rarest to the most common and add random rows carrying the label until it has <c>max(1, round(f·n_c))</c>
/// rows in the subset; rows picked for one label count toward every label they carry, so a label that co-occurs with
/// labels visited after it can overshoot its share (the same compromise as Cell-DINO's re-balanced multi-label subsets). Rows with no label
/// are sampled at rate f. For one seed the subsets of growing fractions are nested in the multi-class case, because
/// each class is cut from the same seeded permutation.
/// </remarks>
public static class LowShot
{
    /// <summary>Sorted indices of a stratified subset of <paramref name="train"/> holding about <paramref name="fraction"/> of each class.</summary>
    public static int[] Subset(ProbeDataset train, double fraction, int seed, ProbeTaskKind kind)
    {
        ArgumentNullException.ThrowIfNull(train);
        if (!(fraction > 0 && fraction <= 1)) throw new ArgumentException($"Low-shot fraction must lie in (0, 1], got {fraction}.", nameof(fraction));
        var rng = new Random(seed);
        var counts = train.ClassCounts();
        var byClass = Enumerable.Range(0, train.NumClasses).Select(_ => new List<int>()).ToArray();
        var unlabelled = new List<int>();
        for (int i = 0; i < train.Count; i++)
        {
            if (train.Labels[i].Count == 0) unlabelled.Add(i);
            foreach (int c in train.Labels[i].Distinct()) byClass[c].Add(i);
        }
        foreach (var list in byClass) Shuffle(list, rng);
        Shuffle(unlabelled, rng);

        var chosen = new HashSet<int>();
        if (kind == ProbeTaskKind.MultiClass)
        {
            for (int c = 0; c < train.NumClasses; c++)
                chosen.UnionWith(byClass[c].Take(Target(counts[c], fraction)));
        }
        else
        {
            var have = new int[train.NumClasses];
            foreach (int c in Enumerable.Range(0, train.NumClasses).OrderBy(c => counts[c]).ThenBy(c => c))
            {
                int want = Target(counts[c], fraction);
                foreach (int i in byClass[c])
                {
                    if (have[c] >= want) break;
                    if (!chosen.Add(i)) continue;
                    foreach (int l in train.Labels[i].Distinct()) have[l]++;
                }
            }
        }
        chosen.UnionWith(unlabelled.Take((int)Math.Round(fraction * unlabelled.Count, MidpointRounding.AwayFromZero)));
        var result = chosen.ToArray();
        Array.Sort(result);
        return result;
    }

    /// <summary>
    /// Runs <paramref name="probe"/> (given the subset and the seed, returning its score) for every fraction and seed of
    /// <paramref name="options"/> and aggregates the scores per fraction.
    /// </summary>
    public static IReadOnlyList<LowShotCurve> Run(ProbeDataset train, Func<ProbeDataset, int, double> probe, LowShotOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(probe);
        var o = options ?? new LowShotOptions();
        o.Validate();
        var curves = new List<LowShotCurve>();
        foreach (double f in o.Fractions)
        {
            var runs = new List<double>();
            foreach (int seed in o.Seeds)
            {
                var subset = train.Subset(Subset(train, f, seed, o.TaskKind), $"{train.Name} ({f:P0}, seed {seed})");
                runs.Add(probe(subset, seed));
            }
            double mean = runs.Average();
            double std = runs.Count < 2 ? 0 : Math.Sqrt(runs.Sum(r => (r - mean) * (r - mean)) / (runs.Count - 1));
            curves.Add(new LowShotCurve(f, mean, std, runs));
        }
        return curves;
    }

    private static int Target(int count, double fraction) =>
        count == 0 ? 0 : Math.Max(1, (int)Math.Round(fraction * count, MidpointRounding.AwayFromZero));

    private static void Shuffle(List<int> list, Random rng)
    {
        var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(list);
        rng.Shuffle(span);
    }
}
