using CellDino.Core.Heads;
using CellDino.Core.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CellDino.Core.Training;

/// <summary>
/// A low-precision copy of a backbone and head whose parameters are views into one flat buffer laid out like the fp32
/// master buffer, so refreshing it from the master is a single cast-and-copy kernel.
/// </summary>
internal sealed class ComputeCopy : IDisposable
{
    public ComputeCopy(VitConfig vit, DinoHeadConfig head, IReadOnlyList<string> orderedNames, Device device, ScalarType dtype, bool trainable)
    {
        Backbone = new VisionTransformer(vit);
        Head = new DinoHead(head);
        Backbone.to(device).to(dtype);
        Head.to(device).to(dtype);
        var byName = Backbone.named_parameters().Select(x => ("backbone." + x.name, x.parameter))
            .Concat(Head.named_parameters().Select(x => ("dino_head." + x.name, x.parameter)))
            .ToDictionary(x => x.Item1, x => x.parameter, StringComparer.Ordinal);
        Params = orderedNames.Select(n => byName[n]).ToArray();
        long total = Params.Sum(p => p.numel());
        using (no_grad())
        {
            Flat = empty([total], dtype, device);
            long offset = 0;
            foreach (var p in Params)
            {
                using var slice = Flat.narrow(0, offset, p.numel()).view(p.shape);
                p.set_(slice);
                offset += p.numel();
                if (!trainable) p.requires_grad = false;
            }
        }
        if (trainable) { Backbone.train(); Head.train(); }
        else { Backbone.eval(); Head.eval(); }
    }

    public VisionTransformer Backbone { get; }

    public DinoHead Head { get; }

    public Parameter[] Params { get; }

    public Tensor Flat { get; }

    /// <summary>Casts the fp32 master buffer into this copy.</summary>
    public void CopyFrom(Tensor master)
    {
        using var noGrad = no_grad();
        Flat.copy_(master);
    }

    public void Dispose()
    {
        Backbone.Dispose();
        Head.Dispose();
        Flat.Dispose();
    }
}
