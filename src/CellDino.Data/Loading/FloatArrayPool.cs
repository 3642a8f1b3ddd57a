using System.Collections.Concurrent;

namespace CellDino.Data.Loading;

/// <summary>
/// Reuses exact-length collation buffers (batches of one loader all have the same length, and
/// <c>torch.tensor</c> wants an array of exactly the tensor's size). Keeps a few per length.
/// </summary>
internal sealed class FloatArrayPool
{
    private readonly ConcurrentDictionary<int, ConcurrentBag<float[]>> _free = new();
    private readonly int _maxPerLength;

    public FloatArrayPool(int maxPerLength) => _maxPerLength = maxPerLength;

    public float[] Rent(int length) =>
        _free.TryGetValue(length, out var bag) && bag.TryTake(out var a) ? a : new float[length];

    public void Return(float[] array)
    {
        var bag = _free.GetOrAdd(array.Length, _ => new ConcurrentBag<float[]>());
        if (bag.Count < _maxPerLength) bag.Add(array);
    }
}
