using BenchmarkDotNet.Attributes;
using CellDino.Benchmarks.Flops;
using CellDino.Benchmarks.Infrastructure;
using CellDino.Core.Models;
using CellDino.Eval.Embedding;
using static TorchSharp.torch;

namespace CellDino.Benchmarks.Suites;

/// <summary>Inference throughput of <see cref="Embedder.Embed"/> (class token, no grad) at 224 px, 4 channels.</summary>
[MemoryDiagnoser]
public class EmbeddingBenchmarks : IWorkloadDescriber
{
    private Embedder? _embedder;
    private VisionTransformer? _model;
    private Tensor? _images;

    /// <summary>Backbone: vit_s16 or vit_l16.</summary>
    [Params("vit_s16", "vit_l16")]
    public string Arch { get; set; } = "vit_s16";

    /// <summary>Images per batch.</summary>
    [Params(8)]
    public int Batch { get; set; } = 8;

    private VitConfig Vit => Arch == "vit_l16" ? VitConfig.Large(16, 4, 224) : VitConfig.Small(16, 4, 224);

    [GlobalSetup]
    public void Setup()
    {
        _model = new VisionTransformer(Vit, seed: 0);
        _embedder = new Embedder(_model, new EmbedderOptions { Device = CPU, BatchSize = Batch });
        using var raw = BenchData.RawImages(Batch, 4, 224, seed: 5);
        _images = (raw / 65535.0f).contiguous();
    }

    [Benchmark]
    public long Embed()
    {
        using var features = _embedder!.Embed(_images!);
        return features.shape[1];
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _images?.Dispose();
        _model?.Dispose();
    }

    /// <inheritdoc />
    public WorkPerOp Describe(string method) => new(Batch, Batch * VitFlops.BackboneForward(Vit, 224));
}
