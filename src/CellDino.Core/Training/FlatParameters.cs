using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CellDino.Core.Training;

/// <summary>
/// The student and teacher parameters as one flat buffer per role, the single-device counterpart of the flat parameters
/// FSDP gives DINOv2's <c>SSLMetaArch</c>: student values, teacher values and the student gradient share one layout of
/// contiguous segments, one per parameter group. Every parameter is re-pointed (<c>set_</c>) at its slice, keeping its
/// identity, value and gradient flag, and every student parameter's <c>.grad</c> is a view into <see cref="Grad"/>, so
/// autograd accumulates straight into the flat gradient (no per-step concatenation) and AdamW, clipping and the EMA
/// each run a handful of kernels whatever the parameter count.
/// <para>
/// Build it after the modules are on their final device and dtype: moving a module afterwards replaces its parameters
/// and detaches them from the buffers (<see cref="IsIntact"/> then returns false).
/// </para>
/// </summary>
internal sealed class FlatParameters : IDisposable
{
    private readonly Parameter[] _student;
    private readonly Parameter[] _teacher;
    private readonly long[] _offsets;
    private Parameter[] _gradOwners;
    private Tensor[] _gradViews;
    private Tensor _gradTarget;

    /// <summary>
    /// Lays out <paramref name="pairs"/> in the given order. <paramref name="segments"/> are the parameter groups as ranges of
    /// that order (null: one segment with multipliers 1); <paramref name="moduleBoundary"/> is where the first module (the
    /// backbone) ends, for clipping per module (null: the whole buffer is one module).
    /// </summary>
    public FlatParameters(IReadOnlyList<(string Name, Parameter Student, Parameter Teacher)> pairs, IReadOnlyList<FlatSegment>? segments = null, long? moduleBoundary = null)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        if (pairs.Count == 0) throw new ArgumentException("no parameters to lay out.", nameof(pairs));
        foreach (var (name, s, t) in pairs)
        {
            if (ReferenceEquals(s, t) || s.Handle == t.Handle)
                throw new ArgumentException($"parameter '{name}' is shared by teacher and student; the teacher needs its own copy.");
            if (!s.shape.SequenceEqual(t.shape) || s.dtype != t.dtype || s.device.ToString() != t.device.ToString())
                throw new ArgumentException($"parameter '{name}': teacher [{string.Join(", ", t.shape)}] {t.dtype} on {t.device} vs student [{string.Join(", ", s.shape)}] {s.dtype} on {s.device}.");
            if (s.dtype != pairs[0].Student.dtype || s.device.ToString() != pairs[0].Student.device.ToString())
                throw new ArgumentException($"parameter '{name}' is {s.dtype} on {s.device}, but one flat buffer needs one dtype and device ({pairs[0].Student.dtype} on {pairs[0].Student.device}).");
        }
        if (pairs.Select(p => p.Name).Distinct(StringComparer.Ordinal).Count() != pairs.Count)
            throw new ArgumentException("parameter names must be unique.", nameof(pairs));
        Names = pairs.Select(p => p.Name).ToArray();
        _student = pairs.Select(p => p.Student).ToArray();
        _teacher = pairs.Select(p => p.Teacher).ToArray();
        _offsets = new long[_student.Length];
        long total = 0;
        for (int i = 0; i < _student.Length; i++) { _offsets[i] = total; total += _student[i].numel(); }
        Segments = segments ?? [new FlatSegment(0, total, 1, 1, false)];
        if (Segments.Sum(s => s.Length) != total || Segments.Where((s, i) => s.Start != Segments.Take(i).Sum(x => x.Length)).Any())
            throw new ArgumentException($"the segments must tile the {total} parameter values in order.", nameof(segments));
        ModuleBoundary = moduleBoundary ?? total;
        if (ModuleBoundary < 0 || ModuleBoundary > total) throw new ArgumentOutOfRangeException(nameof(moduleBoundary), moduleBoundary, $"must be in [0, {total}].");
        Student = Relocate(_student, total);
        Teacher = Relocate(_teacher, total);
        using (no_grad()) Grad = zeros_like(Student).DetachFromDisposeScope();
        (_gradOwners, _gradViews, _gradTarget) = ([], [], Grad);
        AttachGradients(_student, Grad);
    }

    /// <summary>Builds the layout of a Cell-DINO student (backbone groups first, then the head, DINOv2's parameter groups) and its teacher.</summary>
    public static FlatParameters ForStudentAndTeacher(IReadOnlyList<ParameterGroup> groups, IReadOnlyDictionary<string, Parameter> teacherByName)
    {
        ArgumentNullException.ThrowIfNull(groups);
        ArgumentNullException.ThrowIfNull(teacherByName);
        var ordered = groups.OrderBy(g => g.Module == "backbone" ? 0 : 1).ToList();
        var pairs = new List<(string, Parameter, Parameter)>();
        var segments = new List<FlatSegment>();
        long offset = 0, boundary = 0;
        foreach (var g in ordered)
        {
            long start = offset;
            foreach (var e in g.Entries)
            {
                if (!teacherByName.TryGetValue(e.Name, out var t)) throw new ArgumentException($"the teacher has no parameter '{e.Name}'.", nameof(teacherByName));
                pairs.Add((e.Name, e.Parameter, t));
                offset += e.Parameter.numel();
            }
            segments.Add(new FlatSegment(start, offset - start, g.LrMultiplier, g.WdMultiplier, g.IsLastLayer));
            if (g.Module == "backbone") boundary = offset;
        }
        return new FlatParameters(pairs, segments, boundary);
    }

    /// <summary>Parameter names in layout order.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>The parameter groups as contiguous ranges of every buffer.</summary>
    public IReadOnlyList<FlatSegment> Segments { get; }

    /// <summary>Where the first module (the backbone) ends; gradients are clipped on each side separately.</summary>
    public long ModuleBoundary { get; }

    /// <summary>Student values (AdamW updates this buffer).</summary>
    public Tensor Student { get; }

    /// <summary>Teacher values (the EMA of <see cref="Student"/>).</summary>
    public Tensor Teacher { get; }

    /// <summary>Student gradient; backward accumulates into it.</summary>
    public Tensor Grad { get; }

    /// <summary>Total number of values per buffer.</summary>
    public long NumElements => Student.numel();

    /// <summary>The student parameters in layout order.</summary>
    public IReadOnlyList<Parameter> StudentParameters => _student;

    /// <summary>Offset of parameter <paramref name="index"/> in every buffer.</summary>
    public long OffsetOf(int index) => _offsets[index];

    /// <summary>
    /// Points the <c>.grad</c> of <paramref name="parameters"/> (laid out like <see cref="Names"/>, e.g. a lower-precision
    /// compute copy of the student) at views of <paramref name="gradBuffer"/>; those parameters' gradients then land there,
    /// and <see cref="GatherGradient"/> casts them into <see cref="Grad"/>.
    /// </summary>
    public void AttachGradients(IReadOnlyList<Parameter> parameters, Tensor gradBuffer)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(gradBuffer);
        if (parameters.Count != _student.Length || gradBuffer.numel() != NumElements)
            throw new ArgumentException($"expected {_student.Length} parameters over {NumElements} values, got {parameters.Count} over {gradBuffer.numel()}.");
        foreach (var v in _gradViews) v.Dispose();
        _gradOwners = parameters.ToArray();
        _gradViews = new Tensor[_gradOwners.Length];
        for (int i = 0; i < _gradOwners.Length; i++)
            _gradViews[i] = gradBuffer.narrow(0, _offsets[i], _gradOwners[i].numel()).view(_gradOwners[i].shape).DetachFromDisposeScope();
        _gradTarget = gradBuffer;
        ZeroGrad();
    }

    /// <summary>
    /// Zeroes the gradient buffer and re-points every gradient at it (cheap, and it undoes a <c>zero_grad()</c> that set a
    /// gradient to none, after which backward would allocate a gradient outside the buffer).
    /// </summary>
    public void ZeroGrad()
    {
        using var noGrad = no_grad();
        for (int i = 0; i < _gradOwners.Length; i++) _gradOwners[i].grad = _gradViews[i];
        _gradTarget.zero_();
    }

    /// <summary>After backward: brings gradients that landed in another buffer (a compute copy's) into <see cref="Grad"/>, in fp32.</summary>
    public void GatherGradient()
    {
        if (ReferenceEquals(_gradTarget, Grad)) return;
        using var noGrad = no_grad();
        Grad.copy_(_gradTarget);
    }

    /// <summary>
    /// <c>torch.nn.utils.clip_grad_norm_</c> over each module's gradient (backbone, head) separately, as DINOv2 clips per
    /// module, on the device (no host round trip).
    /// </summary>
    public void ClipPerModule(double maxNorm)
    {
        if (maxNorm <= 0) return;
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        Clip(Grad.narrow(0, 0, ModuleBoundary), maxNorm);
        Clip(Grad.narrow(0, ModuleBoundary, NumElements - ModuleBoundary), maxNorm);
    }

    /// <summary>Whether every parameter still lives in its slice of the buffers (false after a module was moved).</summary>
    public bool IsIntact()
    {
        using var noGrad = no_grad();
        return Aliases(_student, Student) && Aliases(_teacher, Teacher);
    }

    /// <summary>Releases the buffers (the parameters keep their storage alive).</summary>
    public void Dispose()
    {
        foreach (var v in _gradViews) v.Dispose();
        Student.Dispose();
        Teacher.Dispose();
        Grad.Dispose();
    }

    private static void Clip(Tensor grad, double maxNorm)
    {
        if (grad.numel() == 0) return;
        grad.mul_((maxNorm / (grad.norm() + 1e-6)).clamp_max(1.0));
    }

    private Tensor Relocate(Parameter[] ps, long total)
    {
        using var noGrad = no_grad();
        var flat = empty([total], ps[0].dtype, ps[0].device);
        for (int i = 0; i < ps.Length; i++)
        {
            using var slice = flat.narrow(0, _offsets[i], ps[i].numel()).view(ps[i].shape);
            slice.copy_(ps[i]);
            ps[i].set_(slice);
        }
        // The buffers belong to this object: a dispose scope around the constructor must not free them.
        return flat.DetachFromDisposeScope();
    }

    // A parameter aliases its slice when writing through the slice shows up in the parameter.
    private bool Aliases(Parameter[] ps, Tensor flat)
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
}
