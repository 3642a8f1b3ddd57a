using System.Globalization;
using CellDino.Data.Samples;
using CellDino.Eval.Embedding;
using CellDino.Eval.Metrics;
using CellDino.Eval.Probes;
using CellDino.Eval.Profiling;

namespace CellDino.Eval.Protocols;

/// <summary>
/// Cell Painting mechanism-of-action prediction as Cell-DINO runs it (reference §6.4): standardize single-cell
/// embeddings → site median → well mean → sphering fitted on control wells → compound-level split → multi-label MoA
/// classifier → micro AUPRC on held-out compounds, next to a shuffled-label baseline; plus treatment accuracy.
/// </summary>
public static class MoaProtocol
{
    /// <summary>Wells per treatment (on average, over at least two treatments) that treatment accuracy needs for its train / validation / test split.</summary>
    public const int MinWellsPerTreatment = 3;

    /// <summary>Runs the protocol on single-cell (or site) embeddings whose metadata carry plate, well, site, treatment, MoA and the control flag.</summary>
    public static MoaResult Run(EmbeddingSet cells, MoaOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(cells);
        options ??= new MoaOptions();
        var keys = new SiteKey[cells.Count];
        var x = new double[cells.Count, cells.Dim];
        for (int i = 0; i < cells.Count; i++)
        {
            var m = cells.Metadata[i];
            if (m.Plate is null || m.Well is null)
                throw new ArgumentException($"Sample {m.Id} has no plate or well: the MoA protocol aggregates by plate, well and site.");
            keys[i] = new SiteKey(m.Plate, m.Well, (m.Site ?? 0).ToString(CultureInfo.InvariantCulture));
            var row = cells.Row(i);
            for (int j = 0; j < cells.Dim; j++)
            {
                if (!float.IsFinite(row[j])) throw new ArgumentException($"Sample {m.Id}: embedding column {j} is {row[j]}.");
                x[i, j] = row[j];
            }
        }
        var profiles = ProfileAggregation.Aggregate(x, keys, options.Standardize);
        var wellMeta = WellMetadata(cells, profiles.Wells);
        var isControl = wellMeta.Select(m => m.IsControl).ToArray();
        int controls = isControl.Count(c => c);
        if (controls == 0) throw new ArgumentException("No control wells (IsControl): sphering is fitted on negative controls such as DMSO.");
        var sphered = Spherize.FitTransform(profiles.Features, isControl, options.Sphering, options.SpheringEpsilon);

        // Treated wells with a MoA: multi-label targets, split by compound.
        var treated = Enumerable.Range(0, wellMeta.Length).Where(i => !isControl[i] && !string.IsNullOrEmpty(wellMeta[i].MechanismOfAction)).ToArray();
        var moaNames = treated.SelectMany(i => SplitMoa(wellMeta[i].MechanismOfAction!, options.MoaSeparator)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        if (moaNames.Length < 2) throw new ArgumentException($"MoA prediction needs at least two mechanisms among treated wells, found {moaNames.Length}.");
        var moaIndex = moaNames.Select((n, i) => (n, i)).ToDictionary(t => t.n, t => t.i, StringComparer.Ordinal);
        var labels = treated.Select(i => (IReadOnlyList<int>)SplitMoa(wellMeta[i].MechanismOfAction!, options.MoaSeparator).Select(n => moaIndex[n]).Distinct().Order().ToArray()).ToArray();
        var compounds = treated.Select(i => wellMeta[i].Treatment ?? throw new ArgumentException($"Well {profiles.Wells[i]} has a MoA but no treatment.")).ToArray();
        var split = CompoundSplit(compounds, labels, options);
        if (split.Train.Length == 0 || split.Test.Length == 0)
            throw new ArgumentException($"Too few compounds ({compounds.Distinct().Count()}) for a compound-level train/test split.");
        // With very few compounds there may be none left to validate on: select the classifier on the training compounds.
        if (split.Validation.Length == 0) split = split with { Validation = split.Train };

        int dim = sphered.GetLength(1);
        ProbeDataset Set(int[] rows, IReadOnlyList<IReadOnlyList<int>> y, string name)
        {
            var f = new float[rows.Length * dim];
            for (int r = 0; r < rows.Length; r++)
                for (int j = 0; j < dim; j++) f[r * dim + j] = (float)sphered[treated[rows[r]], j];
            return new ProbeDataset(f, dim, rows.Select(r => y[r]).ToArray(), moaNames.Length, name);
        }
        var probe = options.Probe with { TaskKind = ProbeTaskKind.MultiLabel, Seed = options.Seed };
        var test = Set(split.Test, labels, "test");
        double auprc = MicroAuprc(LinearProbe.Run(Set(split.Train, labels, "train"), Set(split.Validation, labels, "validation"), test, probe, AuprcMetric).TestScores, test);

        // Shuffle MoA labels among training wells (and separately among validation wells): same label counts, no signal.
        var rng = new Random(options.Seed + 1);
        var shuffled = labels.ToArray();
        foreach (var rows in new[] { split.Train, split.Validation == split.Train ? [] : split.Validation })
        {
            var permuted = rows.ToArray();
            rng.Shuffle(permuted);
            for (int k = 0; k < rows.Length; k++) shuffled[rows[k]] = labels[permuted[k]];
        }
        double shuffledAuprc = MicroAuprc(LinearProbe.Run(Set(split.Train, shuffled, "train"), Set(split.Validation, shuffled, "validation"), test, probe, AuprcMetric).TestScores, test);

        double treatmentAccuracy = TreatmentAccuracy(sphered, wellMeta, options);
        int treatments = wellMeta.Select(w => w.Treatment ?? "").Distinct(StringComparer.Ordinal).Count();
        return new MoaResult(auprc, shuffledAuprc, treatmentAccuracy, moaNames, profiles.Wells, sphered,
            split.Train.Concat(split.Validation).Select(i => compounds[i]).Distinct().ToArray(), split.Test.Select(i => compounds[i]).Distinct().ToArray())
        {
            TreatmentAccuracyNote = double.IsNaN(treatmentAccuracy)
                ? $"needs ≥ {MinWellsPerTreatment} wells per treatment and 2 treatments; these profiles have {wellMeta.Length} wells of {treatments} treatments"
                : null,
        };
    }

    /// <summary>
    /// Compound-level split stratified by each compound's first MoA: every MoA keeps at least one training compound, and
    /// when rounding leaves no test compound at all, each MoA with two or more compounds gives one to the test set.
    /// </summary>
    private static SplitIndices CompoundSplit(string[] compounds, IReadOnlyList<int>[] labels, MoaOptions options)
    {
        var rng = new Random(options.Seed);
        var firstMoa = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < compounds.Length; i++) firstMoa.TryAdd(compounds[i], labels[i][0]);
        var byMoa = firstMoa.GroupBy(kv => kv.Value).OrderBy(g => g.Key)
            .Select(g => { var c = g.Select(kv => kv.Key).Order(StringComparer.Ordinal).ToArray(); rng.Shuffle(c); return c; }).ToList();
        var test = new HashSet<string>(StringComparer.Ordinal);
        var validation = new HashSet<string>(StringComparer.Ordinal);
        foreach (var c in byMoa)
        {
            int t = Math.Min(c.Length - 1, (int)Math.Round(c.Length * options.TestFraction));
            int v = Math.Min(c.Length - 1 - t, (int)Math.Round(c.Length * options.ValidationFraction));
            foreach (var x in c.Take(t)) test.Add(x);
            foreach (var x in c.Skip(t).Take(v)) validation.Add(x);
        }
        if (test.Count == 0)
            foreach (var c in byMoa.Where(c => c.Length >= 2)) { test.Add(c[0]); validation.Remove(c[0]); }
        int[] Rows(Func<string, bool> pick) => Enumerable.Range(0, compounds.Length).Where(i => pick(compounds[i])).ToArray();
        return new SplitIndices(Rows(c => !test.Contains(c) && !validation.Contains(c)), Rows(validation.Contains), Rows(test.Contains));
    }

    private static readonly ProbeMetric AuprcMetric = (scores, data) => MicroAuprc(scores, data);

    private static double MicroAuprc(float[] scores, ProbeDataset data)
    {
        int n = data.Count, c = data.NumClasses;
        var truth = new int[n, c];
        var s = new double[n, c];
        for (int i = 0; i < n; i++)
        {
            foreach (var l in data.Labels[i]) truth[i, l] = 1;
            for (int j = 0; j < c; j++) s[i, j] = scores[i * c + j];
        }
        return AveragePrecision.MultiLabel(truth, s, MetricAverage.Micro);
    }

    /// <summary>Which treatment a well received, from its sphered profile (wells split stratified by treatment).</summary>
    private static double TreatmentAccuracy(double[,] sphered, SampleMetadata[] wells, MoaOptions options)
    {
        var names = wells.Select(w => w.Treatment ?? "").Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var index = names.Select((n, i) => (n, i)).ToDictionary(t => t.n, t => t.i, StringComparer.Ordinal);
        var y = wells.Select(w => (IReadOnlyList<int>)[index[w.Treatment ?? ""]]).ToArray();
        if (names.Length < 2 || wells.Length < MinWellsPerTreatment * names.Length) return double.NaN;
        var split = DataSplit.Stratified(y, 0.2, 0.3, options.Seed);
        int dim = sphered.GetLength(1);
        ProbeDataset Set(int[] rows, string name)
        {
            var f = new float[rows.Length * dim];
            for (int r = 0; r < rows.Length; r++)
                for (int j = 0; j < dim; j++) f[r * dim + j] = (float)sphered[rows[r], j];
            return new ProbeDataset(f, dim, rows.Select(r => y[r]).ToArray(), names.Length, name);
        }
        var test = Set(split.Test, "test");
        var result = LinearProbe.Run(Set(split.Train, "train"), Set(split.Validation, "validation"), test,
            options.Probe with { TaskKind = ProbeTaskKind.MultiClass, Seed = options.Seed });
        var truth = split.Test.Select(r => y[r][0]).ToArray();
        return ClassificationMetrics.Accuracy(truth, result.Predictions.Select(p => p[0]).ToArray());
    }

    private static SampleMetadata[] WellMetadata(EmbeddingSet cells, IReadOnlyList<WellKey> wells)
    {
        var first = new Dictionary<WellKey, SampleMetadata>();
        foreach (var m in cells.Metadata)
        {
            var key = new WellKey(m.Plate!, m.Well!);
            if (!first.TryGetValue(key, out var seen)) first[key] = m;
            else if (seen.Treatment != m.Treatment || seen.IsControl != m.IsControl)
                throw new ArgumentException($"Well {key.Plate}/{key.Well} mixes treatments ({seen.Treatment}, {m.Treatment}): check the plate map.");
        }
        return wells.Select(w => first[w]).ToArray();
    }

    private static string[] SplitMoa(string moa, char separator) =>
        moa.Split(separator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
