using static TorchSharp.torch;

namespace CellDino.Eval.Probes;

/// <summary>
/// Linear → ReLU → Dropout blocks ending in a linear layer, held as plain tensors so that initialisation and dropout
/// masks come from one seeded generator (TorchSharp's dropout module draws from the global one).
/// </summary>
internal sealed class MlpNet : IDisposable
{
    private readonly Tensor[] _weights;
    private readonly Tensor[] _biases;
    private readonly double _dropout;
    private readonly Generator _gen;

    public MlpNet(int inputDim, IReadOnlyList<int> hidden, int outputDim, double dropout, int seed, Device device)
    {
        _gen = new Generator((ulong)seed);
        _dropout = dropout;
        var dims = hidden.Prepend(inputDim).Append(outputDim).ToArray();
        _weights = new Tensor[dims.Length - 1];
        _biases = new Tensor[dims.Length - 1];
        for (int l = 0; l < _weights.Length; l++)
        {
            // PyTorch's nn.Linear default: weight and bias uniform in ±1/sqrt(fan_in).
            double bound = 1 / Math.Sqrt(dims[l]);
            _weights[l] = empty(dims[l + 1], dims[l]).uniform_(-bound, bound, _gen).to(device).requires_grad_(true).DetachFromDisposeScope();
            _biases[l] = empty(dims[l + 1]).uniform_(-bound, bound, _gen).to(device).requires_grad_(true).DetachFromDisposeScope();
        }
    }

    /// <summary>Weights and biases, layer by layer.</summary>
    public IReadOnlyList<Tensor> Parameters => _weights.Zip(_biases, (w, b) => new[] { w, b }).SelectMany(p => p).ToArray();

    /// <summary>Logits <c>[B, C]</c>; dropout is applied only when <paramref name="training"/>.</summary>
    public Tensor Forward(Tensor x, bool training)
    {
        for (int l = 0; l < _weights.Length; l++)
        {
            x = nn.functional.linear(x, _weights[l], _biases[l]);
            if (l == _weights.Length - 1) break;
            x = x.relu();
            if (training && _dropout > 0)
            {
                // Inverted dropout; the mask is drawn on the CPU generator so a seed gives the same masks on any device.
                var keep = empty(x.shape).uniform_(0, 1, _gen).ge(_dropout).to(x.device);
                x = x.mul(keep).div(1 - _dropout);
            }
        }
        return x;
    }

    public void Dispose()
    {
        foreach (var t in _weights) t.Dispose();
        foreach (var t in _biases) t.Dispose();
        _gen.Dispose();
    }
}
