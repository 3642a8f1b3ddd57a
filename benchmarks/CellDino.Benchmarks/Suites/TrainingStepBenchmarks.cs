using BenchmarkDotNet.Attributes;
using CellDino.Benchmarks.Flops;
using CellDino.Benchmarks.Infrastructure;
using CellDino.Core.Training;
using static TorchSharp.torch;

namespace CellDino.Benchmarks.Suites;

/// <summary>
/// The whole training step (multi-crop, teacher forward, student forward, DINO + iBOT + KoLeo, backward, clipping,
/// AdamW, EMA) on raw 16-bit-range images already in memory. One operation = one step of the preset's batch.
/// </summary>
[MemoryDiagnoser]
public class TrainingStepBenchmarks : IWorkloadDescriber
{
    private CellDinoTrainer? _trainer;
    private Tensor? _raw;
    private long _iteration;

    /// <summary>Preset name (see <see cref="Presets"/>).</summary>
    [Params(Presets.Tiny, Presets.VitS16)]
    public string Preset { get; set; } = Presets.Tiny;

    [GlobalSetup]
    public void Setup()
    {
        var config = Presets.Training(Preset);
        _trainer = new CellDinoTrainer(config, new TrainerOptions { Device = CPU });
        int size = Presets.RawSize(Preset);
        _raw = BenchData.RawImages(config.Train.BatchSizePerGpu, config.Student.InChans, size, seed: 3);
        _iteration = 0;
    }

    [Benchmark]
    public double Step()
    {
        var t = _trainer!;
        var report = t.Step(_raw!, _iteration % t.TotalIterations, 65535);
        _iteration++;
        return report.Loss;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _trainer?.Dispose();
        _raw?.Dispose();
    }

    /// <inheritdoc />
    public WorkPerOp Describe(string method)
    {
        var config = Presets.Training(Preset);
        int batch = config.Train.BatchSizePerGpu;
        return new WorkPerOp(batch, VitFlops.TrainingStep(config, batch));
    }
}
