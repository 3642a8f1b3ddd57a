using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CellDino.Core.Training;

/// <summary>
/// The teacher EMA of DINOv2 (<c>SSLMetaArch.update_teacher</c>): <c>θ_t ← θ_t·m + θ_s·(1−m)</c> over every
/// parameter pair, as a multiply then a fused add (the same two roundings as <c>_foreach_mul_</c> /
/// <c>_foreach_add_(alpha=1−m)</c>).
/// <para>
/// To make an update two kernels regardless of the parameter count, the constructor moves the teacher
/// parameters into one contiguous buffer and the student parameters into another (per dtype and device):
/// each parameter is re-pointed (<c>set_</c>) at its slice, keeping its identity, value, gradient flag
/// and optimizer references. Build the updater after the modules are on their final device and dtype;
/// moving a module afterwards (<c>.to(...)</c>) replaces its parameters and detaches them from the buffers
/// (<see cref="IsIntact"/> then returns false).
/// </para>
/// </summary>
public sealed class EmaUpdater : IDisposable
{
    private readonly List<Bucket> _buckets = new();
    private readonly Parameter[] _teacher;
    private readonly Parameter[] _student;

    /// <summary>Pairs the parameters of <paramref name="teacher"/> and <paramref name="student"/> by name (the key sets must be equal).</summary>
    public EmaUpdater(nn.Module teacher, nn.Module student)
        : this(Named(teacher, nameof(teacher)), Named(student, nameof(student)))
    {
    }

    /// <summary>Pairs teacher and student parameters by name (the name sets must be equal; shapes and dtypes must match).</summary>
    /// <param name="teacher">Teacher parameters by name.</param>
    /// <param name="student">Student parameters by name.</param>
    public EmaUpdater(IEnumerable<(string Name, Parameter Parameter)> teacher, IEnumerable<(string Name, Parameter Parameter)> student)
    {
        ArgumentNullException.ThrowIfNull(teacher);
        ArgumentNullException.ThrowIfNull(student);
        var t = teacher.ToList();
        var s = student.ToDictionary(x => x.Name, x => x.Parameter, StringComparer.Ordinal);
        if (t.Count != s.Count || t.Any(x => !s.ContainsKey(x.Name)))
        {
            var missing = t.Select(x => x.Name).Except(s.Keys).Concat(s.Keys.Except(t.Select(x => x.Name))).Take(5);
            throw new ArgumentException($"teacher and student parameters differ by name: {string.Join(", ", missing)}.");
        }
        foreach (var (name, p) in t)
        {
            var q = s[name];
            if (ReferenceEquals(p, q) || p.Handle == q.Handle)
                throw new ArgumentException($"parameter '{name}' is shared by teacher and student; the teacher needs its own copy.");
            if (!p.shape.SequenceEqual(q.shape) || p.dtype != q.dtype || p.device.ToString() != q.device.ToString())
                throw new ArgumentException($"parameter '{name}': teacher [{string.Join(", ", p.shape)}] {p.dtype} on {p.device} vs student [{string.Join(", ", q.shape)}] {q.dtype} on {q.device}.");
        }
        Names = t.Select(x => x.Name).ToArray();
        _teacher = t.Select(x => x.Parameter).ToArray();
        _student = t.Select(x => s[x.Name]).ToArray();
        foreach (var group in Enumerable.Range(0, _teacher.Length).GroupBy(i => (_teacher[i].dtype, _teacher[i].device.ToString())))
            _buckets.Add(new Bucket(group.Select(i => _teacher[i]).ToArray(), group.Select(i => _student[i]).ToArray()));
    }

    /// <summary>Parameter names, in update order.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>Total number of scalar values updated per step.</summary>
    public long NumElements => _buckets.Sum(b => b.TeacherFlat.numel());

    /// <summary>Number of flat buffers per side (one per dtype and device).</summary>
    public int NumBuckets => _buckets.Count;

    /// <summary>One EMA step with momentum <paramref name="momentum"/> (1: teacher frozen, 0: teacher = student).</summary>
    public void Update(double momentum)
    {
        if (momentum is < 0 or > 1 || double.IsNaN(momentum))
            throw new ArgumentOutOfRangeException(nameof(momentum), momentum, "momentum must be in [0, 1].");
        using var _ = no_grad();
        foreach (var b in _buckets)
        {
            b.TeacherFlat.mul_(momentum);
            b.TeacherFlat.add_(b.StudentFlat, alpha: 1 - momentum);
        }
    }

    /// <summary>Whether every parameter still lives in its slice of the flat buffers (false after a module was moved).</summary>
    public bool IsIntact()
    {
        using var _ = no_grad();
        foreach (var b in _buckets)
            if (!b.Aliases()) return false;
        return true;
    }

    /// <summary>Releases the flat buffers (the parameters keep their storage alive).</summary>
    public void Dispose()
    {
        foreach (var b in _buckets) b.Dispose();
        _buckets.Clear();
    }

    internal IReadOnlyList<(Tensor Teacher, Tensor Student)> FlatBuffers => _buckets.Select(b => (b.TeacherFlat, b.StudentFlat)).ToList();

    private static IEnumerable<(string, Parameter)> Named(nn.Module m, string what)
    {
        ArgumentNullException.ThrowIfNull(m, what);
        return m.named_parameters().Select(x => (x.name, x.parameter)).ToList();
    }

    private sealed class Bucket : IDisposable
    {
        private readonly Parameter[] _teacher;
        private readonly Parameter[] _student;
        private readonly long[] _offsets;

        public Bucket(Parameter[] teacher, Parameter[] student)
        {
            _teacher = teacher;
            _student = student;
            _offsets = new long[teacher.Length];
            long total = 0;
            for (int i = 0; i < teacher.Length; i++) { _offsets[i] = total; total += teacher[i].numel(); }
            TeacherFlat = Flatten(teacher, total);
            StudentFlat = Flatten(student, total);
        }

        public Tensor TeacherFlat { get; }

        public Tensor StudentFlat { get; }

        private Tensor Flatten(Parameter[] ps, long total)
        {
            using var _ = no_grad();
            var flat = empty(new[] { total }, ps[0].dtype, ps[0].device);
            for (int i = 0; i < ps.Length; i++)
            {
                using var slice = flat.narrow(0, _offsets[i], ps[i].numel()).view(ps[i].shape);
                slice.copy_(ps[i]);
                ps[i].set_(slice);
            }
            // The updater owns the buffers: a dispose scope around the constructor must not free them.
            return flat.DetachFromDisposeScope();
        }

        // A parameter aliases its slice when writing through the slice shows up in the parameter.
        public bool Aliases() => Check(_teacher, TeacherFlat) && Check(_student, StudentFlat);

        private bool Check(Parameter[] ps, Tensor flat)
        {
            for (int i = 0; i < ps.Length; i++)
            {
                var p = ps[i];
                if (p.numel() == 0) continue;
                if (!p.is_contiguous()) return false;
                using var scope = NewDisposeScope();
                var slice = flat.narrow(0, _offsets[i], 1);
                var first = p.view(-1).narrow(0, 0, 1);
                var saved = first.clone();
                var probe = saved.eq(0).all().item<bool>() ? ones_like(saved) : zeros_like(saved);
                slice.copy_(probe);
                bool same = first.eq(probe).all().item<bool>();
                slice.copy_(saved);
                if (!same) return false;
            }
            return true;
        }

        public void Dispose()
        {
            TeacherFlat.Dispose();
            StudentFlat.Dispose();
        }
    }
}
