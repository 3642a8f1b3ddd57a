using TorchSharp;
using static TorchSharp.torch;

namespace CellDino.Eval.Probes;

/// <summary>Checks, tensors, batching, schedules and score post-processing shared by the probes.</summary>
internal static class ProbeTraining
{
    /// <summary>The device to train on: the requested one, else CUDA when available, else CPU.</summary>
    public static Device ResolveDevice(Device? requested) => requested ?? (cuda.is_available() ? CUDA : CPU);

    /// <summary>
    /// Throws <see cref="ArgumentException"/> when the splits disagree in width or class count, when a multi-class row
    /// does not have exactly one label, or when a class has no training example (its classifier could never learn it).
    /// </summary>
    public static void CheckSplits(ProbeTaskKind kind, ProbeDataset train, params ProbeDataset[] others)
    {
        ArgumentNullException.ThrowIfNull(train);
        if (train.Count == 0) throw new ArgumentException($"{train.Name}: the training set is empty.");
        foreach (var d in others.Prepend(train))
        {
            ArgumentNullException.ThrowIfNull(d);
            if (d.Dim != train.Dim)
                throw new ArgumentException($"{d.Name}: feature width {d.Dim} differs from the training width {train.Dim}.");
            if (d.NumClasses != train.NumClasses)
                throw new ArgumentException($"{d.Name}: {d.NumClasses} classes, but the training set has {train.NumClasses}.");
            if (kind == ProbeTaskKind.MultiClass)
            {
                for (int r = 0; r < d.Count; r++)
                {
                    if (d.Labels[r].Count != 1)
                        throw new ArgumentException($"{d.Name}: label row {r} has {d.Labels[r].Count} labels, but a MultiClass task needs exactly one per row.");
                }
            }
        }
        var counts = train.ClassCounts();
        int missing = Array.IndexOf(counts, 0);
        if (missing >= 0)
            throw new ArgumentException(
                $"{train.Name}: class {missing} has no training example ({counts.Count(c => c == 0)} of {train.NumClasses} classes are absent); " +
                "every class needs at least one.");
    }

    /// <summary>Features as a float32 <c>[N, D]</c> tensor on <paramref name="device"/>.</summary>
    public static Tensor Features(ProbeDataset d, Device device) => Owned(d.Features, new long[] { d.Count, d.Dim }, device);

    /// <summary>
    /// A tensor on <paramref name="device"/> that owns a copy of <paramref name="data"/>. TorchSharp wraps managed arrays
    /// in place, and MKL's matmul rounds differently with the arbitrary alignment of managed memory, so CPU results
    /// would change from call to call; ATen's own allocations are 64-byte aligned.
    /// </summary>
    public static Tensor Owned(float[] data, long[] shape, Device device)
    {
        using var wrapped = tensor(data, shape, ScalarType.Float32);
        return device.type == DeviceType.CPU ? wrapped.clone() : wrapped.to(device);
    }

    /// <summary>Targets: int64 class indices <c>[N]</c> (multi-class) or a float32 multi-hot <c>[N, C]</c> (multi-label).</summary>
    public static Tensor Targets(ProbeDataset d, ProbeTaskKind kind, Device device)
    {
        if (kind == ProbeTaskKind.MultiClass)
            return tensor(d.Labels.Select(l => (long)l[0]).ToArray(), ScalarType.Int64).to(device);
        var hot = new float[(long)d.Count * d.NumClasses];
        for (int i = 0; i < d.Count; i++)
            foreach (int c in d.Labels[i]) hot[(long)i * d.NumClasses + c] = 1f;
        return Owned(hot, new long[] { d.Count, d.NumClasses }, device);
    }

    /// <summary>
    /// Mean loss of each of K classifiers: <paramref name="logits"/> <c>[K, B, C]</c> → <c>[K]</c>. Cross-entropy
    /// against class indices <c>[B]</c>, or BCE-with-logits averaged over batch and classes against a multi-hot <c>[B, C]</c>
    /// (PyTorch's default 'mean' reductions, so summing the K values gives each classifier its own gradient).
    /// </summary>
    public static Tensor PerClassifierLoss(Tensor logits, Tensor targets, ProbeTaskKind kind)
    {
        long k = logits.shape[0], b = logits.shape[1], c = logits.shape[2];
        if (kind == ProbeTaskKind.MultiClass)
        {
            var flat = nn.functional.cross_entropy(logits.reshape(k * b, c), targets.repeat(k), reduction: nn.Reduction.None);
            return flat.view(k, b).mean(new long[] { 1 });
        }
        var expanded = targets.unsqueeze(0).expand(k, b, c);
        return nn.functional.binary_cross_entropy_with_logits(logits, expanded, reduction: nn.Reduction.None).mean(new long[] { 1, 2 });
    }

    /// <summary>Logits → probabilities: softmax over classes (multi-class) or element-wise sigmoid (multi-label).</summary>
    public static Tensor Probabilities(Tensor logits, ProbeTaskKind kind) =>
        kind == ProbeTaskKind.MultiClass ? logits.softmax(-1) : logits.sigmoid();

    /// <summary>Cosine annealing to <paramref name="min"/> over <paramref name="total"/> steps (PyTorch's CosineAnnealingLR), at step t (0-based).</summary>
    public static double Cosine(double start, double min, long t, long total) =>
        total <= 0 ? start : min + (start - min) * (1 + Math.Cos(Math.PI * t / total)) / 2;

    /// <summary>
    /// Row indices of every mini-batch of every epoch: a fresh seeded permutation per epoch, cut into batches of
    /// <paramref name="batchSize"/>; the last, shorter batch is kept so no row is ever skipped on tiny sets.
    /// </summary>
    public static IEnumerable<long[]> Batches(int count, int batchSize, int epochs, int seed)
    {
        var rng = new Random(seed);
        var perm = Enumerable.Range(0, count).Select(i => (long)i).ToArray();
        for (int e = 0; e < epochs; e++)
        {
            rng.Shuffle(perm);
            for (int s = 0; s < count; s += batchSize)
                yield return perm[s..Math.Min(count, s + batchSize)];
        }
    }

    /// <summary>Optimiser steps in a run.</summary>
    public static long TotalSteps(int count, int batchSize, int epochs) => (long)epochs * ((count + batchSize - 1) / batchSize);

    /// <summary>Predicted classes per row: the arg-max (multi-class) or every class with probability above 0.5 (multi-label).</summary>
    public static int[][] Predictions(float[] scores, int numClasses, ProbeTaskKind kind)
    {
        int n = scores.Length / numClasses;
        var preds = new int[n][];
        for (int i = 0; i < n; i++)
        {
            var row = scores.AsSpan(i * numClasses, numClasses);
            if (kind == ProbeTaskKind.MultiClass) preds[i] = new[] { ArgMax(row) };
            else
            {
                var set = new List<int>();
                for (int c = 0; c < numClasses; c++) if (row[c] > 0.5f) set.Add(c);
                preds[i] = set.ToArray();
            }
        }
        return preds;
    }

    /// <summary>Index of the largest value (first on ties).</summary>
    public static int ArgMax(ReadOnlySpan<float> row)
    {
        int best = 0;
        for (int c = 1; c < row.Length; c++) if (row[c] > row[best]) best = c;
        return best;
    }

    /// <summary>Copies a float tensor to a managed array.</summary>
    public static float[] ToArray(Tensor t) => t.to(CPU).contiguous().data<float>().ToArray();
}
