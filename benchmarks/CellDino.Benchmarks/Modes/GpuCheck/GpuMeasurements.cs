using System.Diagnostics;
using CellDino.Benchmarks.Flops;
using CellDino.Benchmarks.Suites;
using CellDino.Core;
using CellDino.Core.Models;
using CellDino.Core.Training;
using CellDino.Core.Training.Config;
using CellDino.Data.Loading;
using CellDino.Data.Synthetic;
using CellDino.Eval.Embedding;
using TorchSharp;
using static TorchSharp.torch;

namespace CellDino.Benchmarks.Modes.GpuCheck;

/// <summary>
/// The measurements of <c>gpu-check</c>, each through the library's own code paths (Embedder, CellDinoTrainer,
/// LoaderImageSource) on any device. Device work is asynchronous, so every timing waits for the device before the
/// clock is read; warm-ups keep module load, kernel selection and handle creation out of the numbers.
/// </summary>
internal sealed class GpuMeasurements(GpuCheckOptions options, Device device)
{
    private readonly Dictionary<ScalarType, double> _ceilings = [];

    /// <summary>Device bytes in use now (CUDA only; null on the CPU or when the driver cannot be asked).</summary>
    public long? DeviceBytesInUse() => device.type == DeviceType.CUDA ? CudaDriver.UsedBytes(device.index < 0 ? 0 : device.index, out _) : null;

    public EnvResult Environment()
    {
        bool cuda = torch.cuda.is_available();
        CudaDeviceInfo? gpu = null;
        long? context = null;
        if (device.type == DeviceType.CUDA)
        {
            gpu = CudaDriver.Describe(device.index < 0 ? 0 : device.index, out var error);
            if (gpu is null) Console.Error.WriteLine("gpu-check: the CUDA driver could not describe the device: " + error);
            context = DeviceBytesInUse();
        }
        var (e32, e16) = (MatmulError(ScalarType.Float32), MatmulError(ScalarType.BFloat16));
        return new EnvResult
        {
            Runtime = System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription + " " + System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier,
            Cores = System.Environment.ProcessorCount,
            TorchThreads = torch.get_num_threads(),
            TorchSharp = typeof(torch).Assembly.GetName().Version?.ToString() ?? "?",
            TorchSharpBuiltFor = torch.__version__,
            CudaAvailable = cuda,
            CudaDevices = cuda ? torch.cuda.device_count() : 0,
            Gpu = gpu,
            ContextBytes = context,
            Libraries = LoadedLibraries.Read(),
            Fp32MatmulRelError = e32,
            Bf16MatmulRelError = e16,
            MatmulSane = e32 < 2e-3 && e16 < 3e-2,
        };
    }

    // A wrong libtorch/shim pairing can load and still compute garbage: check one product against fp64 on the CPU.
    private double MatmulError(ScalarType dtype)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        using var gen = new Generator(11);
        var a = randn([512, 512], ScalarType.Float64, generator: gen);
        var b = randn([512, 512], ScalarType.Float64, generator: gen);
        var reference = a.mm(b);
        var got = a.to(dtype, device).mm(b.to(dtype, device)).to(ScalarType.Float64, CPU);
        double err = (got - reference).norm().item<double>() / reference.norm().item<double>();
        return double.IsFinite(err) ? err : double.PositiveInfinity;
    }

    public CeilingResult Ceiling(ScalarType dtype)
    {
        double g = MatmulCeiling.Measure(options.CeilingSize, options.CeilingRepeats, device, dtype);
        _ceilings[dtype] = g;
        return new CeilingResult(Name(dtype), options.CeilingSize, options.CeilingRepeats, g);
    }

    private double? FractionOf(ScalarType dtype, double gflops) => _ceilings.TryGetValue(dtype, out var c) ? gflops / c : null;

    /// <summary>
    /// Three paths per backbone: the library's <see cref="Embedder.Embed"/> (fp32, host tensor in, host features out,
    /// so the copies are counted), the fp32 backbone on a device-resident batch, and the same with a bf16 copy of the
    /// weights (what a bf16 embedding path would give; the library embeds in fp32 today).
    /// </summary>
    public IEnumerable<EmbedResult> Embedding(EmbedModel m)
    {
        int s = options.EmbedSize, batch = options.EmbedBatch;
        var vit = VitConfig.FromArch(m.Arch, m.PatchSize, 4, s);
        double gflopPerBatch = batch * VitFlops.BackboneForward(vit, s) / 1e9;
        using var model = new VisionTransformer(vit, seed: 0);
        var embedder = new Embedder(model, new EmbedderOptions { Device = device, BatchSize = batch });
        using var gen = new Generator(5);
        using var host = randn([batch, 4, s, s], generator: gen);
        EmbedResult Row(string path, ScalarType dtype, double seconds) => new(m.ToString(), path, Name(dtype), s, batch, options.EmbedRepeats,
            seconds, batch / seconds, gflopPerBatch / seconds, FractionOf(dtype, gflopPerBatch / seconds), DeviceBytesInUse());

        yield return Row("Embedder.Embed (host in/out)", ScalarType.Float32, MedianSeconds(() => embedder.Embed(host).Dispose(), 2, options.EmbedRepeats));
        using var x32 = host.to(device);
        yield return Row("backbone forward (on device)", ScalarType.Float32, MedianSeconds(() => Forward(model, x32), 2, options.EmbedRepeats));
        model.to(ScalarType.BFloat16);
        using var x16 = x32.to(ScalarType.BFloat16);
        yield return Row("backbone forward (on device)", ScalarType.BFloat16, MedianSeconds(() => Forward(model, x16), 2, options.EmbedRepeats));
    }

    private static void Forward(VisionTransformer model, Tensor x)
    {
        using var noGrad = no_grad();
        model.forward(x).Dispose();
    }

    /// <summary>
    /// The full <see cref="CellDinoTrainer.Step"/> (multi-crop, masks, teacher, student, losses, backward, clipping,
    /// AdamW, EMA) on a raw batch held in host memory, as a loader hands it over. MFU = counted FLOPs/s over the
    /// ceiling of the step's compute dtype measured in this process.
    /// </summary>
    public TrainResult TrainingStep(TrainCase c, TrainingPrecision precision)
    {
        var preset = Presets.Training(c.Preset);
        var config = (preset with { Train = preset.Train with { BatchSizePerGpu = c.Batch } }).Validate();
        using var trainer = new CellDinoTrainer(config, new TrainerOptions { Device = device, Precision = precision });
        using var raw = BenchData.RawImages(c.Batch, config.Student.InChans, Presets.RawSize(c.Preset), seed: 3);
        long iteration = 0;
        double lastLoss = double.NaN;
        double seconds = MedianSeconds(() => lastLoss = trainer.Step(raw, iteration++ % trainer.TotalIterations, 65535).Loss, options.TrainWarmup, options.TrainSteps);
        double gflop = VitFlops.TrainingStep(config, c.Batch) / 1e9;
        var dtype = trainer.Precision == TrainingPrecision.BFloat16 ? ScalarType.BFloat16 : ScalarType.Float32;
        return new TrainResult(c.Preset, $"{config.Student.Arch}/{config.Student.PatchSize}", c.Batch, Name(dtype), options.TrainSteps, seconds,
            c.Batch / seconds, gflop, gflop / seconds, FractionOf(dtype, gflop / seconds), Name(dtype), DeviceBytesInUse(), lastLoss);
    }

    /// <summary>
    /// The tiny preset on synthetic HPA fields, once in bf16 and once in fp32, from the same seed over the same
    /// batches, with the schedules laid over exactly these steps (10 epochs).
    /// </summary>
    public CompareResult Compare()
    {
        var tiny = CellDinoConfig.Tiny();
        var config = (tiny with { Train = tiny.Train with { BatchSizePerGpu = options.CompareBatch, OfficialEpochLength = options.CompareSteps / 10 } }).Validate();
        var dataset = new SyntheticDataset(new SyntheticConfig { Seed = 1 }, count: Math.Max(256, 4 * options.CompareBatch));
        var (bf16, secondsBf16) = Run(config, dataset, TrainingPrecision.BFloat16);
        var (fp32, secondsFp32) = Run(config, dataset, TrainingPrecision.Float32);
        var lb = bf16.Select(p => p.Loss).ToArray();
        var lf = fp32.Select(p => p.Loss).ToArray();
        int worst = 0;
        double maxRel = 0;
        for (int i = 0; i < lb.Length; i++)
        {
            double rel = Math.Abs(lb[i] - lf[i]) / Math.Abs(lf[i]);
            if (!(rel <= maxRel)) (maxRel, worst) = (rel, i);
        }
        int k = Math.Max(1, lb.Length / 10);
        double fb = lb.Take(k).Average(), eb = lb.TakeLast(k).Average(), ff = lf.Take(k).Average(), ef = lf.TakeLast(k).Average();
        bool decrease = eb < fb && ef < ff;
        double finalRel = Math.Abs(eb - ef) / Math.Abs(ef);
        return new CompareResult
        {
            Steps = options.CompareSteps, Batch = options.CompareBatch, LossBf16 = lb, LossFp32 = lf,
            MaxRelativeDifference = maxRel, MaxRelativeDifferenceStep = worst,
            FirstMeanBf16 = fb, LastMeanBf16 = eb, FirstMeanFp32 = ff, LastMeanFp32 = ef,
            FinalTeacherEntropyBf16 = LastEntropy(bf16), FinalTeacherEntropyFp32 = LastEntropy(fp32),
            LogPrototypes = Math.Log(config.Dino.HeadNPrototypes),
            BothDecrease = decrease, FinalRelativeDifference = finalRel, Agree = decrease && finalRel < 0.05,
            SecondsBf16 = secondsBf16, SecondsFp32 = secondsFp32,
        };
    }

    private (List<TrainingProgress> Steps, double Seconds) Run(CellDinoConfig config, SyntheticDataset dataset, TrainingPrecision precision)
    {
        var sw = Stopwatch.StartNew();
        using var trainer = new CellDinoTrainer(config, new TrainerOptions { Device = device, Precision = precision });
        using var source = new LoaderImageSource(dataset, config.Train.BatchSizePerGpu, config.Train.Seed);
        var steps = new List<TrainingProgress>(options.CompareSteps);
        for (int i = 0; i < options.CompareSteps; i++)
        {
            using var raw = source.GetBatch(i, CancellationToken.None);
            steps.Add(trainer.Step(raw, i, source.SourceMax));
        }
        return (steps, sw.Elapsed.TotalSeconds);
    }

    private static double LastEntropy(List<TrainingProgress> steps) => steps.LastOrDefault(p => p.Health is not null)?.Health?.TeacherEntropy ?? double.NaN;

    // Median of single calls, each ended by a device synchronization; the median resists the odd slow call.
    private double MedianSeconds(Action call, int warmups, int repeats)
    {
        for (int i = 0; i < warmups; i++) call();
        MatmulCeiling.Synchronize(device);
        var times = new double[repeats];
        for (int i = 0; i < repeats; i++)
        {
            var sw = Stopwatch.StartNew();
            call();
            MatmulCeiling.Synchronize(device);
            times[i] = sw.Elapsed.TotalSeconds;
        }
        Array.Sort(times);
        return repeats % 2 == 1 ? times[repeats / 2] : (times[repeats / 2 - 1] + times[repeats / 2]) / 2;
    }

    private static string Name(ScalarType dtype) => dtype == ScalarType.BFloat16 ? "bf16" : dtype == ScalarType.Float32 ? "fp32" : dtype.ToString();
}
