using CellDino.Eval.Embedding;
using CellDino.Eval.Knn;
using CellDino.Eval.Metrics;
using CellDino.Eval.Probes;

namespace CellDino.Eval.Protocols;

/// <summary>
/// Cell-DINO's classification protocols (reference §6.1–§6.3) on embeddings: kNN on L2-normalized features
/// (softmax(sim/0.07) votes, threshold 0.5 for multi-label), the linear probe grid, the MLP; scored by macro F1.
/// </summary>
public static class Classification
{
    /// <summary>kNN (Cell-DINO default k = 1) from <paramref name="train"/> to <paramref name="test"/>.</summary>
    public static ProtocolScore Knn(EmbeddingSet train, EmbeddingSet test, EvaluationTask task, string featuresName, int k = 1, KnnOptions? options = null) =>
        Knn(train, test, task, featuresName, [k], options)[0];

    /// <summary>
    /// kNN for several <paramref name="ks"/> from one neighbour search (the largest k's neighbours, cut for each smaller
    /// k), one score per k in the order given.
    /// </summary>
    public static IReadOnlyList<ProtocolScore> Knn(EmbeddingSet train, EmbeddingSet test, EvaluationTask task, string featuresName, IReadOnlyList<int> ks, KnnOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(ks);
        if (ks.Count == 0) throw new ArgumentException("At least one k is needed.", nameof(ks));
        Check(train, test);
        if (task.Kind == ProbeTaskKind.MultiLabel)
        {
            using var knn = new MultiLabelKnnClassifier(train, MultiHot(train, task), options);
            var truth = MultiHot(test, task);
            return knn.Predict(test, ks).Select((p, i) => Score(task, featuresName, ClassifierSpec.Knn(ks[i]), truth, p.Labels) with { MacroAp = MacroAp(task, truth, p.Scores) }).ToList();
        }
        using var single = new KnnClassifier(train, SingleLabels(train, task), task.NumClasses, options);
        var labels = SingleLabels(test, task);
        bool softmax = (options ?? new KnnOptions()).Weighting == KnnWeighting.Softmax;
        return single.Predict(test, ks).Select((p, i) =>
            Score(task, featuresName, ClassifierSpec.Knn(ks[i]), labels, p.Predictions) with { MacroAp = MacroAp(task, OneHot(labels, task.NumClasses), softmax ? RowNormalized(p.Scores) : p.Scores) }).ToList();
    }

    /// <summary>The DINOv2 linear-probe grid (16 learning rates × 3 weight decays), best on <paramref name="validation"/>, scored on <paramref name="test"/>.</summary>
    public static ProtocolScore Linear(EmbeddingSet train, EmbeddingSet validation, EmbeddingSet test, EvaluationTask task, string featuresName, LinearProbeOptions? options = null)
    {
        var (tr, va, te) = ProbeSets(train, validation, test, task);
        var result = LinearProbe.Run(tr, va, te, (options ?? new LinearProbeOptions()) with { TaskKind = task.Kind }, MacroF1Metric(task));
        return ScorePredictions(task, featuresName, ClassifierSpec.LinearProbe, test, result);
    }

    /// <summary>The MLP classifier (512-256, dropout 0.5).</summary>
    public static ProtocolScore Mlp(EmbeddingSet train, EmbeddingSet validation, EmbeddingSet test, EvaluationTask task, string featuresName, MlpProbeOptions? options = null)
    {
        var (tr, va, te) = ProbeSets(train, validation, test, task);
        var result = MlpProbe.Run(tr, va, te, (options ?? new MlpProbeOptions()) with { TaskKind = task.Kind }, MacroF1Metric(task));
        return ScorePredictions(task, featuresName, ClassifierSpec.Mlp, test, result);
    }

    /// <summary>
    /// Low-shot curve: the linear probe trained on stratified fractions of the training labels (several seeds),
    /// macro F1 on <paramref name="test"/>, mean ± std per fraction.
    /// </summary>
    public static IReadOnlyList<LowShotCurve> LowShotLinear(EmbeddingSet train, EmbeddingSet validation, EmbeddingSet test, EvaluationTask task,
        LowShotOptions? lowShot = null, LinearProbeOptions? probe = null)
    {
        var (tr, va, te) = ProbeSets(train, validation, test, task);
        var metric = MacroF1Metric(task);
        var options = (probe ?? new LinearProbeOptions()) with { TaskKind = task.Kind };
        return LowShot.Run(tr, (subset, seed) =>
        {
            var r = LinearProbe.Run(subset, va, te, options with { Seed = seed }, metric);
            return metric(r.TestScores, te);
        }, (lowShot ?? new LowShotOptions()) with { TaskKind = task.Kind });
    }

    /// <summary>Macro F1 of probe scores (probabilities) over the task's <see cref="EvaluationTask.ScoredClasses"/>, the selection metric of the probes.</summary>
    public static ProbeMetric MacroF1Metric(EvaluationTask task)
    {
        ArgumentNullException.ThrowIfNull(task);
        var scored = task.ScoredClasses.Resolve(task.ClassNames);
        return (scores, data) => task.Kind == ProbeTaskKind.MultiLabel ? ProbeMetrics.MacroF1AtHalf(scores, data, scored) : SingleLabelMacroF1(scores, data, scored);
    }

    private static double SingleLabelMacroF1(float[] scores, ProbeDataset data, int[]? scored)
    {
        int n = data.Count, c = data.NumClasses;
        var yTrue = new int[n];
        var yPred = new int[n];
        for (int i = 0; i < n; i++)
        {
            yTrue[i] = data.Labels[i][0];
            int best = 0;
            for (int j = 1; j < c; j++) if (scores[i * c + j] > scores[i * c + best]) best = j;
            yPred[i] = best;
        }
        // scored null: over the classes present in the truth or the predictions (scikit-learn's default).
        return ClassificationMetrics.F1(yTrue, yPred, MetricAverage.Macro, scored);
    }

    /// <summary>The share of the training samples <see cref="SplitValidation"/> holds out by default (Cell-DINO's probes select on 20 %).</summary>
    public const double DefaultValidationFraction = 0.2;

    /// <summary>
    /// Holds out a stratified <paramref name="fraction"/> of <paramref name="train"/> (by the task's labels) for probe
    /// selection, when no separate validation set is given; the rest stays for training.
    /// </summary>
    /// <exception cref="ArgumentException">A fraction outside (0, 1) or a sample without the task's labels.</exception>
    public static (EmbeddingSet Train, EmbeddingSet Validation) SplitValidation(EmbeddingSet train, EvaluationTask task, int seed, double fraction = DefaultValidationFraction)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(task);
        var split = DataSplit.Stratified(train.Metadata.Select(task.LabelsOf).ToArray(), fraction, 0, seed);
        return (train.Subset(split.Train), train.Subset(split.Validation));
    }

    internal static int[,] MultiHot(EmbeddingSet set, EvaluationTask task)
    {
        var y = new int[set.Count, task.NumClasses];
        for (int i = 0; i < set.Count; i++)
            foreach (var l in task.LabelsOf(set.Metadata[i]))
            {
                if ((uint)l >= (uint)task.NumClasses)
                    throw new ArgumentException($"Sample {set.Metadata[i].Id}: label {l} is outside 0..{task.NumClasses - 1} for task '{task.Name}'.");
                y[i, l] = 1;
            }
        return y;
    }

    internal static int[] SingleLabels(EmbeddingSet set, EvaluationTask task) =>
        set.Metadata.Select(m => task.LabelsOf(m) is [var l] ? l : throw new ArgumentException($"Sample {m.Id} needs exactly one label for task '{task.Name}'.")).ToArray();

    private static (ProbeDataset, ProbeDataset, ProbeDataset) ProbeSets(EmbeddingSet train, EmbeddingSet validation, EmbeddingSet test, EvaluationTask task)
    {
        Check(train, validation);
        Check(train, test);
        return (ProbeDataset.Create(train, task, "train"), ProbeDataset.Create(validation, task, "validation"), ProbeDataset.Create(test, task, "test"));
    }

    private static ProtocolScore ScorePredictions(EvaluationTask task, string featuresName, ClassifierSpec classifier, EmbeddingSet test, ProbeResult result)
    {
        int n = test.Count, c = task.NumClasses;
        var scores = new float[n, c];
        Buffer.BlockCopy(result.TestScores, 0, scores, 0, n * c * sizeof(float));
        if (task.Kind == ProbeTaskKind.MultiLabel)
        {
            var pred = new int[n, c];
            for (int i = 0; i < n; i++) foreach (var l in result.Predictions[i]) pred[i, l] = 1;
            var truth = MultiHot(test, task);
            return Score(task, featuresName, classifier, truth, pred) with { MacroAp = MacroAp(task, truth, scores) };
        }
        var labels = SingleLabels(test, task);
        return Score(task, featuresName, classifier, labels, result.Predictions.Select(p => p[0]).ToArray()) with { MacroAp = MacroAp(task, OneHot(labels, c), scores) };
    }

    // Over the scored classes with a positive test sample: AP is undefined for the others (scikit-learn would count them
    // as 0). Scores are rounded to 6 decimals so that float noise in sums of vote weights does not split tied scores.
    private static double? MacroAp(EvaluationTask task, int[,] truth, float[,] scores)
    {
        int n = truth.GetLength(0), c = truth.GetLength(1);
        var s = new double[n, c];
        for (int i = 0; i < n; i++) for (int j = 0; j < c; j++) s[i, j] = Math.Round(scores[i, j], 6);
        var perClass = AveragePrecision.MultiLabelPerClass(truth, s);
        var scored = task.ScoredClasses.Resolve(task.ClassNames) ?? Enumerable.Range(0, c).ToArray();
        var positive = scored.Where(j => Enumerable.Range(0, n).Any(i => truth[i, j] == 1)).ToArray();
        return positive.Length == 0 ? null : positive.Average(j => perClass[j]);
    }

    // DINOv2's KnnModule weighs the first k of max(ks) neighbours by a softmax over all max(ks); dividing each row by its
    // sum gives the softmax over the k alone, so a k scores the same whichever other ks were asked for.
    private static float[,] RowNormalized(float[,] scores)
    {
        int n = scores.GetLength(0), c = scores.GetLength(1);
        var r = new float[n, c];
        for (int i = 0; i < n; i++)
        {
            double sum = 0;
            for (int j = 0; j < c; j++) sum += scores[i, j];
            for (int j = 0; j < c; j++) r[i, j] = sum > 0 ? (float)(scores[i, j] / sum) : scores[i, j];
        }
        return r;
    }

    private static int[,] OneHot(int[] labels, int classes)
    {
        var y = new int[labels.Length, classes];
        for (int i = 0; i < labels.Length; i++) y[i, labels[i]] = 1;
        return y;
    }

    // Macro and micro F1 over the task's scored classes: by default those present in the truth or the predictions
    // (scikit-learn's unique_labels), so a class absent from a split and never predicted neither counts as an error nor
    // dilutes the average, for multi-label tasks as for single-label ones.
    private static ProtocolScore Score(EvaluationTask task, string features, ClassifierSpec classifier, int[,] truth, int[,] pred)
    {
        var scored = task.ScoredClasses.Columns(task.ClassNames, () => MultiLabelMetrics.PresentLabels(truth, pred));
        double F1(MetricAverage average) => scored.Length == 0 ? 0 : MultiLabelMetrics.F1(truth, pred, average, scored);
        return new(task.Name, features, classifier, F1(MetricAverage.Macro), F1(MetricAverage.Micro), MultiLabelMetrics.ExactMatchAccuracy(truth, pred));
    }

    private static ProtocolScore Score(EvaluationTask task, string features, ClassifierSpec classifier, int[] truth, int[] pred)
    {
        var scored = task.ScoredClasses.Resolve(task.ClassNames);
        return new(task.Name, features, classifier, ClassificationMetrics.F1(truth, pred, MetricAverage.Macro, scored),
            ClassificationMetrics.F1(truth, pred, MetricAverage.Micro, scored), ClassificationMetrics.Accuracy(truth, pred));
    }

    private static void Check(EmbeddingSet a, EmbeddingSet b)
    {
        if (a.Dim != b.Dim) throw new ArgumentException($"Embedding widths differ: {a.Dim} and {b.Dim}.");
        if (a.Count == 0 || b.Count == 0) throw new ArgumentException("An embedding set is empty.");
        a.ThrowIfNotFinite("embeddings");
        b.ThrowIfNotFinite("embeddings");
    }
}
