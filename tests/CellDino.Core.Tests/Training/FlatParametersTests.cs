using CellDino.Core.Heads;
using CellDino.Core.Training;
using CellDino.TestSupport;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CellDino.Core.Tests.Training;

public class FlatParametersTests
{
    private static readonly DinoHeadConfig Config = new() { InDim = 6, HiddenDim = 7, BottleneckDim = 4, OutDim = 5 };

    [Fact]
    public void BackwardAccumulatesStraightIntoTheFlatGradientInLayoutOrder()
    {
        using var scope = NewDisposeScope();
        using var student = new DinoHead(Config, seed: 1);
        using var teacher = new DinoHead(Config, seed: 2);
        using var reference = new DinoHead(Config, seed: 1);
        using var flat = EmaUpdaterTests.Pair(teacher, student);
        var x = randn(3, 6, generator: new TorchSharp.torch.Generator(5));
        student.forward(x).pow(2).sum().backward();
        reference.forward(x).pow(2).sum().backward();
        var expected = cat(reference.named_parameters().Select(p => p.parameter.grad!.reshape(-1)).ToList(), 0);
        TensorAssert.Close(expected, flat.Grad, atol: 1e-6, rtol: 1e-5, what: "flat gradient");
        Assert.True(flat.Grad.abs().sum().item<float>() > 0);

        // A second backward accumulates, ZeroGrad clears; a module's zero_grad() (gradients set to none) is undone.
        student.forward(x).pow(2).sum().backward();
        TensorAssert.Close(expected * 2, flat.Grad, atol: 1e-6, rtol: 1e-5, what: "accumulated");
        student.zero_grad();
        flat.ZeroGrad();
        Assert.Equal(0f, flat.Grad.abs().sum().item<float>());
        student.forward(x).pow(2).sum().backward();
        TensorAssert.Close(expected, flat.Grad, atol: 1e-6, rtol: 1e-5, what: "after zero_grad() and ZeroGrad");
    }

    [Fact]
    public void ClippingPerModuleEqualsClipGradNormOnEachModule()
    {
        using var scope = NewDisposeScope();
        using var a = new DinoHead(Config, seed: 1);
        using var b = new DinoHead(Config, seed: 3);
        using var ta = new DinoHead(Config, seed: 2);
        using var tb = new DinoHead(Config, seed: 4);
        using var ra = new DinoHead(Config, seed: 1);
        using var rb = new DinoHead(Config, seed: 3);
        var pairs = a.named_parameters().Zip(ta.named_parameters()).Select(x => ("a." + x.First.name, x.First.parameter, x.Second.parameter))
            .Concat(b.named_parameters().Zip(tb.named_parameters()).Select(x => ("b." + x.First.name, x.First.parameter, x.Second.parameter))).ToList();
        long boundary = a.parameters().Sum(p => p.numel());
        long total = boundary + b.parameters().Sum(p => p.numel());
        using var flat = new FlatParameters(pairs, [new FlatSegment(0, boundary, 1, 1, false), new FlatSegment(boundary, total - boundary, 1, 1, false)], boundary);
        var x = randn(4, 6, generator: new TorchSharp.torch.Generator(9)) * 10;
        (a.forward(x).sum() + b.forward(x).pow(2).sum()).backward();
        (ra.forward(x).sum() + rb.forward(x).pow(2).sum()).backward();
        flat.ClipPerModule(0.5);
        nn.utils.clip_grad_norm_(ra.parameters(), 0.5);
        nn.utils.clip_grad_norm_(rb.parameters(), 0.5);
        var expected = cat(ra.parameters().Concat(rb.parameters()).Select(p => p.grad!.reshape(-1)).ToList(), 0);
        TensorAssert.Close(expected, flat.Grad, atol: 1e-6, rtol: 1e-5, what: "clipped");
        // Each side was over the limit, and each now has norm 0.5 (not the two together).
        Assert.Equal(0.5, flat.Grad.narrow(0, 0, boundary).norm().item<float>(), 3);
        Assert.Equal(0.5, flat.Grad.narrow(0, boundary, total - boundary).norm().item<float>(), 3);
    }

    [Fact]
    public void SegmentsMustTileTheBufferInOrder()
    {
        using var scope = NewDisposeScope();
        using var s = new DinoHead(Config, seed: 1);
        using var t = new DinoHead(Config, seed: 2);
        var pairs = s.named_parameters().Zip(t.named_parameters()).Select(x => (x.First.name, x.First.parameter, x.Second.parameter)).ToList();
        long total = s.parameters().Sum(p => p.numel());
        Assert.Throws<ArgumentException>(() => new FlatParameters(pairs, [new FlatSegment(0, total - 1, 1, 1, false)]));
        Assert.Throws<ArgumentException>(() => new FlatParameters(pairs, [new FlatSegment(1, total, 1, 1, false)]));
    }
}
