using CellDino.Core.Heads;
using CellDino.Core.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CellDino.Core.Training;

/// <summary>
/// A low-precision copy of a backbone and head whose parameters are views into one flat buffer laid out like the fp32
/// <see cref="FlatParameters"/>, so refreshing it from the master values is a single cast-and-copy kernel. A trainable copy
/// also gets a flat gradient buffer of that layout, attached to the master's <see cref="FlatParameters.GatherGradient"/>.
/// </summary>
internal sealed class ComputeCopy : IDisposable
{
    private readonly Tensor? _grad;

    public ComputeCopy(FlatParameters master, VitConfig vit, DinoHeadConfig head, Device device, ScalarType dtype, bool trainable)
    {
        Backbone = new VisionTransformer(vit);
        Head = new DinoHead(head);
        Backbone.to(device).to(dtype);
        Head.to(device).to(dtype);
        var byName = Backbone.named_parameters().Select(x => ("backbone." + x.name, x.parameter))
            .Concat(Head.named_parameters().Select(x => ("dino_head." + x.name, x.parameter)))
            .ToDictionary(x => x.Item1, x => x.parameter, StringComparer.Ordinal);
        Params = master.Names.Select(n => byName[n]).ToArray();
        using (no_grad())
        {
            Flat = empty([master.NumElements], dtype, device);
            for (int i = 0; i < Params.Length; i++)
            {
                var p = Params[i];
                using var slice = Flat.narrow(0, master.OffsetOf(i), p.numel()).view(p.shape);
                p.set_(slice);
                if (!trainable) p.requires_grad = false;
            }
        }
        if (trainable)
        {
            Backbone.train();
            Head.train();
            _grad = zeros_like(Flat);
            master.AttachGradients(Params, _grad);
        }
        else
        {
            Backbone.eval();
            Head.eval();
        }
    }

    public VisionTransformer Backbone { get; }

    public DinoHead Head { get; }

    public Parameter[] Params { get; }

    public Tensor Flat { get; }

    /// <summary>Casts a master buffer (<see cref="FlatParameters.Student"/> or <see cref="FlatParameters.Teacher"/>) into this copy.</summary>
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
        _grad?.Dispose();
    }
}
