using CellDino.Core.Heads;
using CellDino.Core.Training;
using CellDino.TestSupport;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CellDino.Core.Tests.Training;

public class EmaUpdaterTests
{
    [Fact]
    public void One_update_matches_the_reference()
    {
        using var doc = Fixtures.Json("ema.json");
        using var t = Fixtures.Tensors("ema.safetensors");
        double m = doc.RootElement.GetProperty("momentum").GetDouble();
        var names = t.Keys.Where(k => k.StartsWith("student.", StringComparison.Ordinal)).Select(k => k["student.".Length..]).ToList();
        Assert.NotEmpty(names);
        var teacher = names.Select(n => (n, new Parameter(t["teacher_before." + n].clone(), requires_grad: false))).ToList();
        var student = names.Select(n => (n, new Parameter(t["student." + n].clone(), requires_grad: true))).ToList();
        using var flat = new FlatParameters(names.Select((n, i) => (n, student[i].Item2, teacher[i].Item2)).ToList());
        Assert.True(flat.IsIntact());
        EmaUpdater.Update(flat, m);
        foreach (var (n, p) in teacher)
            TensorAssertRelative.RelL2(t["teacher_after." + n], p, rel: 1e-7, maxAbs: 1e-6, what: n);
        // The student is read, never written.
        foreach (var (n, p) in student)
            TensorAssert.Close(t["student." + n], p, atol: 0, rtol: 0, what: n);
    }

    [Fact]
    public void Repeated_updates_follow_the_formula_for_every_parameter_and_see_student_steps()
    {
        using var scope = NewDisposeScope();
        var config = new DinoHeadConfig { InDim = 12, HiddenDim = 16, BottleneckDim = 8, OutDim = 10 };
        using var teacher = new DinoHead(config, seed: 1);
        using var student = new DinoHead(config, seed: 2);
        foreach (var p in teacher.parameters()) p.requires_grad = false;
        var expected = teacher.named_parameters().ToDictionary(x => x.name, x => x.parameter.detach().to(ScalarType.Float64).clone());
        using var flat = Pair(teacher, student);
        Assert.Equal(teacher.parameters().Sum(p => p.numel()), flat.NumElements);
        var opt = optim.SGD(student.parameters(), 0.1);
        var sp = student.named_parameters().ToDictionary(x => x.name, x => x.parameter);
        foreach (var m in new[] { 0.9, 0.5, 0.99 })
        {
            // An optimizer step on the student must be visible to the EMA (the parameters are views of its buffer).
            opt.zero_grad();
            student.forward(randn(3, 12)).pow(2).sum().backward();
            opt.step();
            EmaUpdater.Update(flat, m);
            foreach (var (name, p) in teacher.named_parameters())
            {
                expected[name] = expected[name] * m + sp[name].detach().to(ScalarType.Float64) * (1 - m);
                TensorAssert.Close(expected[name], p, atol: 1e-6, rtol: 1e-5, what: $"{name} after m={m}");
            }
        }
        Assert.True(flat.IsIntact());
        // The modules still compute with the relocated parameters.
        using var y = teacher.forward(ones(2, 12));
        Assert.Equal(new long[] { 2, 10 }, y.shape);
    }

    [Fact]
    public void Relocation_keeps_values_and_parameter_identity()
    {
        using var scope = NewDisposeScope();
        var config = new DinoHeadConfig { InDim = 6, HiddenDim = 5, BottleneckDim = 4, OutDim = 3 };
        using var teacher = new DinoHead(config, seed: 1);
        using var student = new DinoHead(config, seed: 2);
        var before = student.named_parameters().ToDictionary(x => x.name, x => (x.parameter, value: x.parameter.detach().clone()));
        using var flat = Pair(teacher, student);
        foreach (var (name, p) in student.named_parameters())
        {
            Assert.Same(before[name].parameter, p);
            Assert.True(p.requires_grad);
            TensorAssert.Close(before[name].value, p, atol: 0, rtol: 0, what: name);
        }
        // Momentum 0 copies the student, momentum 1 keeps the teacher.
        var frozen = teacher.named_parameters().ToDictionary(x => x.name, x => x.parameter.detach().clone());
        EmaUpdater.Update(flat, 1.0);
        foreach (var (name, p) in teacher.named_parameters()) TensorAssert.Close(frozen[name], p, atol: 0, rtol: 0, what: name);
        EmaUpdater.Update(flat, 0.0);
        foreach (var (name, p) in teacher.named_parameters()) TensorAssert.Close(before[name].value, p, atol: 0, rtol: 0, what: name);
        Assert.True(flat.IsIntact());
        // Re-pointing a parameter elsewhere (what moving a module does) is detected.
        using (no_grad()) teacher.LastLayer.WeightV.set_(teacher.LastLayer.WeightV.clone());
        Assert.False(flat.IsIntact());
    }

    [Fact]
    public void Mismatched_modules_are_rejected()
    {
        using var a = new DinoHead(new DinoHeadConfig { InDim = 6, HiddenDim = 5, BottleneckDim = 4, OutDim = 3 }, seed: 1);
        using var b = new DinoHead(new DinoHeadConfig { InDim = 6, HiddenDim = 5, BottleneckDim = 4, OutDim = 7 }, seed: 1);
        using var c = new DinoHead(new DinoHeadConfig { InDim = 6, HiddenDim = 5, BottleneckDim = 4, OutDim = 3, NumLayers = 2 }, seed: 1);
        Assert.Contains("last_layer", Assert.Throws<ArgumentException>(() => Pair(a, b)).Message);
        Assert.Throws<ArgumentException>(() => Pair(a, c));
        Assert.Contains("shared", Assert.Throws<ArgumentException>(() => Pair(a, a)).Message);
        using var a2 = new DinoHead(a.Config, seed: 2);
        using var flat = Pair(a, a2);
        Assert.Throws<ArgumentOutOfRangeException>(() => EmaUpdater.Update(flat, 1.5));
    }

    // Teacher and student paired by name, as the trainer pairs them (a missing or extra name is an error).
    internal static FlatParameters Pair(nn.Module teacher, nn.Module student)
    {
        var s = student.named_parameters().ToDictionary(x => x.name, x => x.parameter, StringComparer.Ordinal);
        var t = teacher.named_parameters().ToList();
        var missing = t.Select(x => x.name).Except(s.Keys).Concat(s.Keys.Except(t.Select(x => x.name))).ToList();
        if (missing.Count > 0) throw new ArgumentException($"teacher and student parameters differ by name: {string.Join(", ", missing)}.");
        return new FlatParameters(t.Select(x => (x.name, s[x.name], x.parameter)).ToList());
    }
}
