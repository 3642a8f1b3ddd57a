using CellDino.Eval.Embedding;
using CellDino.Eval.Protocols;

namespace CellDino.Eval.Probes;

/// <summary>
/// Features and labels a probe trains or is scored on: a row-major <c>[Count, Dim]</c> float matrix and, per row, the
/// set of class indices in <c>[0, NumClasses)</c> (one index for multi-class tasks). Validated once on construction;
/// built from embeddings and a task with <see cref="Create"/>.
/// </summary>
public sealed class ProbeDataset
{
    /// <summary>
    /// Wraps <paramref name="features"/> (length <c>labels.Count · dim</c>, no copy) and <paramref name="labels"/>.
    /// Throws <see cref="ArgumentException"/> naming <paramref name="name"/> and the first bad row on a length mismatch,
    /// a non-finite feature or a label outside <c>[0, numClasses)</c>.
    /// </summary>
    internal ProbeDataset(float[] features, int dim, IReadOnlyList<IReadOnlyList<int>> labels, int numClasses, string name = "data")
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(name);
        if (dim < 1) throw new ArgumentException($"{name}: feature width must be positive, got {dim}.", nameof(dim));
        if (numClasses < 1) throw new ArgumentException($"{name}: number of classes must be positive, got {numClasses}.", nameof(numClasses));
        if (features.Length != (long)labels.Count * dim)
            throw new ArgumentException(
                $"{name}: features have length {features.Length}, expected N·D = {labels.Count}·{dim} = {(long)labels.Count * dim} " +
                $"(one row of width {dim} per label row).", nameof(features));
        for (int i = 0; i < features.Length; i++)
        {
            if (!float.IsFinite(features[i]))
                throw new ArgumentException($"{name}: feature row {i / dim}, column {i % dim} is {features[i]}; features must be finite.", nameof(features));
        }
        for (int r = 0; r < labels.Count; r++)
        {
            var row = labels[r] ?? throw new ArgumentException($"{name}: label row {r} is null.", nameof(labels));
            foreach (int c in row)
            {
                if (c < 0 || c >= numClasses)
                    throw new ArgumentException($"{name}: label row {r} has class {c}, expected 0 ≤ class < {numClasses}.", nameof(labels));
            }
        }
        Features = features;
        Dim = dim;
        Labels = labels;
        NumClasses = numClasses;
        Name = name;
    }

    /// <summary>Single-label data: <paramref name="labels"/>[i] is the class of row i.</summary>
    internal static ProbeDataset FromClassIndices(float[] features, int dim, IReadOnlyList<int> labels, int numClasses, string name = "data")
    {
        ArgumentNullException.ThrowIfNull(labels);
        var rows = new IReadOnlyList<int>[labels.Count];
        for (int i = 0; i < rows.Length; i++) rows[i] = new[] { labels[i] };
        return new ProbeDataset(features, dim, rows, numClasses, name);
    }

    /// <summary>The embeddings of <paramref name="set"/> (not copied) labelled by <paramref name="task"/>.</summary>
    /// <param name="set">Embeddings and their metadata.</param>
    /// <param name="task">Gives each row's labels and the number of classes.</param>
    /// <param name="name">What the set is (e.g. <c>train</c>, <c>validation</c>), named in error messages.</param>
    /// <exception cref="ArgumentException">A non-finite feature, or a sample the task cannot label (first bad row named).</exception>
    public static ProbeDataset Create(EmbeddingSet set, EvaluationTask task, string name = "data")
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(task);
        var rows = set.Metadata.Select(task.LabelsOf).ToArray();
        return new ProbeDataset(set.Features, set.Dim, rows, task.NumClasses, name);
    }

    /// <summary>Row-major features, length <see cref="Count"/>·<see cref="Dim"/>.</summary>
    public float[] Features { get; }

    /// <summary>Feature width.</summary>
    public int Dim { get; }

    /// <summary>Number of rows.</summary>
    public int Count => Labels.Count;

    /// <summary>Class indices of each row.</summary>
    public IReadOnlyList<IReadOnlyList<int>> Labels { get; }

    /// <summary>Number of classes.</summary>
    public int NumClasses { get; }

    /// <summary>Name used in error messages (e.g. "train", "validation").</summary>
    public string Name { get; }

    /// <summary>The rows at <paramref name="indices"/>, in that order (features are copied).</summary>
    public ProbeDataset Subset(IReadOnlyList<int> indices, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(indices);
        var f = new float[(long)indices.Count * Dim];
        var l = new IReadOnlyList<int>[indices.Count];
        for (int k = 0; k < indices.Count; k++)
        {
            int i = indices[k];
            if (i < 0 || i >= Count) throw new ArgumentOutOfRangeException(nameof(indices), $"{Name}: index {i} at position {k} is outside [0, {Count}).");
            Array.Copy(Features, (long)i * Dim, f, (long)k * Dim, Dim);
            l[k] = Labels[i];
        }
        return new ProbeDataset(f, Dim, l, NumClasses, name ?? Name);
    }

    /// <summary>Number of rows carrying each class.</summary>
    public int[] ClassCounts()
    {
        var counts = new int[NumClasses];
        foreach (var row in Labels)
            foreach (int c in row.Distinct()) counts[c]++;
        return counts;
    }
}
