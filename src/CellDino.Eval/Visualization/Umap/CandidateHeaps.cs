using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace CellDino.Eval.Visualization;

/// <summary>
/// One max-heap of the lowest scores seen so far per row of a tile block, fed tile by tile. Once a heap is full, a SIMD
/// compare against its worst score rejects almost every new score, so a scan costs about one vector compare per 8 scores.
/// Every score not kept, rejected or evicted, was at least the worst kept score at the end (the worst only falls).
/// </summary>
internal sealed class CandidateHeaps(int rows, int capacity)
{
    private readonly float[] _score = new float[rows * capacity];
    private readonly int[] _index = new int[rows * capacity];
    private readonly int[] _count = new int[rows];

    /// <summary>Empties the first <paramref name="used"/> heaps.</summary>
    public void Reset(int used) => Array.Clear(_count, 0, used);

    /// <summary>Offers scores tile[heap, 0..width) + yy[col..col + width), for columns col.., to heap <paramref name="heap"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Scan(int heap, float[,] tile, float[] yy, int col, int width)
    {
        var scores = MemoryMarshal.CreateReadOnlySpan(ref tile[heap, 0], width);
        var norms = yy.AsSpan(col, width);
        var score = _score.AsSpan(heap * capacity, capacity);
        var index = _index.AsSpan(heap * capacity, capacity);
        int count = _count[heap], j = 0;
        for (; j < width && count < capacity; j++)
        {
            score[count] = scores[j] + norms[j];
            index[count] = col + j;
            SiftUp(score, index, count++);
        }
        _count[heap] = count;
        if (j == width) return;
        float worst = score[0];
        var limit = Vector256.Create(worst);
        ref float s0 = ref MemoryMarshal.GetReference(scores);
        ref float n0 = ref MemoryMarshal.GetReference(norms);
        for (; j + 8 <= width; j += 8)
        {
            var v = Vector256.LoadUnsafe(ref s0, (nuint)j) + Vector256.LoadUnsafe(ref n0, (nuint)j);
            uint mask = Vector256.LessThan(v, limit).ExtractMostSignificantBits();
            if (mask == 0) continue;
            while (mask != 0)
            {
                int b = BitOperations.TrailingZeroCount(mask);
                mask &= mask - 1;
                worst = Offer(score, index, Unsafe.Add(ref s0, j + b) + Unsafe.Add(ref n0, j + b), col + j + b, worst);
            }
            limit = Vector256.Create(worst);
        }
        for (; j < width; j++) worst = Offer(score, index, scores[j] + norms[j], col + j, worst);
    }

    /// <summary>The worst (largest) kept score of heap <paramref name="heap"/>.</summary>
    public float Worst(int heap) => _score[heap * capacity];

    /// <summary>Copies heap <paramref name="heap"/>'s indices into <paramref name="into"/>, adding <paramref name="self"/>
    /// when absent; returns how many.</summary>
    public int Candidates(int heap, int self, int[] into)
    {
        int count = _count[heap];
        bool present = false;
        for (int t = 0; t < count; t++)
        {
            into[t] = _index[heap * capacity + t];
            present |= into[t] == self;
        }
        if (!present) into[count++] = self;
        return count;
    }

    private static float Offer(Span<float> score, Span<int> index, float value, int j, float worst)
    {
        if (!(value < worst)) return worst;
        score[0] = value;
        index[0] = j;
        SiftDown(score, index);
        return score[0];
    }

    private static void SiftUp(Span<float> score, Span<int> index, int i)
    {
        while (i > 0)
        {
            int p = (i - 1) / 2;
            if (!(score[p] < score[i])) break;
            (score[p], score[i]) = (score[i], score[p]);
            (index[p], index[i]) = (index[i], index[p]);
            i = p;
        }
    }

    private static void SiftDown(Span<float> score, Span<int> index)
    {
        int i = 0, size = score.Length;
        while (true)
        {
            int l = 2 * i + 1, r = l + 1, m = i;
            if (l < size && score[m] < score[l]) m = l;
            if (r < size && score[m] < score[r]) m = r;
            if (m == i) break;
            (score[m], score[i]) = (score[i], score[m]);
            (index[m], index[i]) = (index[i], index[m]);
            i = m;
        }
    }
}
