namespace CellDino.Data.Synthetic;

/// <summary>
/// A small deterministic random source (SplitMix64) whose output depends only on its seed, never on
/// the runtime version, so synthetic pixels and loader permutations are reproducible everywhere.
/// A mutable struct: pass it by <c>ref</c>.
/// </summary>
internal struct SplitMixRandom
{
    private ulong _state;
    private double _spareGaussian;
    private bool _hasSpare;

    /// <summary>Creates a source from one seed.</summary>
    public SplitMixRandom(ulong seed)
    {
        _state = seed;
        _spareGaussian = 0;
        _hasSpare = false;
    }

    /// <summary>Creates a source from a seed and a stream id (e.g. sample index), decorrelated by hashing.</summary>
    public SplitMixRandom(ulong seed, ulong stream, ulong substream = 0)
        : this(Hash(Hash(seed ^ 0x9E3779B97F4A7C15UL) ^ Hash(stream + 0x632BE59BD9B4E019UL) ^ Hash(~substream)))
    {
    }

    /// <summary>Next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        _state += 0x9E3779B97F4A7C15UL;
        return Mix(_state);
    }

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform float in [0, 1).</summary>
    public float NextFloat() => (NextUInt64() >> 40) * (1f / (1 << 24));

    /// <summary>Uniform in [lo, hi).</summary>
    public double Uniform(double lo, double hi) => lo + (hi - lo) * NextDouble();

    /// <summary>Uniform integer in [0, n).</summary>
    public int NextInt(int n)
    {
        if (n <= 0) throw new ArgumentOutOfRangeException(nameof(n), $"Range must be positive, got {n}.");
        // Multiply-shift keeps the bias below 2^-32 for any n that fits an int.
        return (int)(((NextUInt64() >> 32) * (ulong)n) >> 32);
    }

    /// <summary>Uniform integer in [lo, hi] (inclusive).</summary>
    public int NextInt(int lo, int hi) => lo + NextInt(hi - lo + 1);

    /// <summary>True with probability <paramref name="p"/>.</summary>
    public bool Bernoulli(double p) => NextDouble() < p;

    /// <summary>Standard normal draw (Box–Muller; the second value of each pair is kept).</summary>
    public double NextGaussian()
    {
        if (_hasSpare)
        {
            _hasSpare = false;
            return _spareGaussian;
        }
        double u1 = 1.0 - NextDouble();
        double u2 = NextDouble();
        double r = Math.Sqrt(-2.0 * Math.Log(u1));
        double a = 2.0 * Math.PI * u2;
        _spareGaussian = r * Math.Sin(a);
        _hasSpare = true;
        return r * Math.Cos(a);
    }

    /// <summary>Log-normal factor with median 1 and log-space standard deviation <paramref name="sigma"/>.</summary>
    public double LogNormal(double sigma) => Math.Exp(sigma * NextGaussian());

    /// <summary>The SplitMix64 finalizer: a bijective 64-bit hash.</summary>
    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Hash of one value (the finalizer of a shifted input, so 0 does not map to 0).</summary>
    public static ulong Hash(ulong x) => Mix(x + 0x9E3779B97F4A7C15UL);
}
