using BenchmarkDotNet.Attributes;
using CellDino.Benchmarks.Infrastructure;
using CellDino.Core.Augmentation;
using CellDino.Data.Imaging;
using CellDino.Data.Loading;
using CellDino.Data.Normalization;
using CellDino.Data.Readers;
using CellDino.Data.Samples;
using TorchSharp;
using static TorchSharp.torch;

namespace CellDino.Benchmarks.Suites;

/// <summary>
/// The data pipeline on 4-channel 16-bit 512×512 fields written to a temp folder: decode + self-normalize per
/// image on one thread (TIFF and PNG), through the <see cref="DataLoader"/> on all cores, the HPA multi-crop
/// (2×224 + 8×96) on one and all cores, and loader + multi-crop end to end.
/// </summary>
[MemoryDiagnoser]
public class DataPipelineBenchmarks : IWorkloadDescriber
{
    /// <summary>Fields per decode operation.</summary>
    public const int Files = 16;

    /// <summary>Images per multi-crop call.</summary>
    public const int CropBatch = 4;

    private const int Size = 512, Channels = 4;
    private static readonly string[] ChannelNames = ["microtubules", "protein", "nucleus", "er"];
    private readonly SelfNormalize _normalize = new();
    private string _dir = "";
    private string[] _tiffs = [];
    private string[] _pngs = [];
    private Tensor? _batch;
    private MultiCropAugmentation? _crop;
    private TiffFolderDataset? _dataset;
    private long _seed;

    [GlobalSetup]
    public void Setup()
    {
        _dir = Path.Combine(Path.GetTempPath(), "celldino-bench-" + Environment.ProcessId);
        Directory.CreateDirectory(Path.Combine(_dir, "tif"));
        Directory.CreateDirectory(Path.Combine(_dir, "png"));
        _tiffs = new string[Files];
        _pngs = new string[Files];
        for (int i = 0; i < Files; i++)
        {
            var pixels = BenchData.Field(Channels, Size, seed: 100 + i);
            _tiffs[i] = Path.Combine(_dir, "tif", $"field{i:D2}.tif");
            _pngs[i] = Path.Combine(_dir, "png", $"field{i:D2}.png");
            ImageIO.WriteTiff(_tiffs[i], pixels, Channels, Size, Size, 16);
            ImageIO.WritePng(_pngs[i], pixels, Channels, Size, Size, 16);
        }
        _dataset = new TiffFolderDataset(Path.Combine(_dir, "tif"), new TiffFolderOptions { ChannelNames = ChannelNames });
        _batch = BenchData.RawImages(CropBatch, Channels, Size, seed: 7);
        _crop = new MultiCropAugmentation(new CellDino.Core.Training.Config.CropsConfig(), 65535);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _batch?.Dispose();
        try { Directory.Delete(_dir, recursive: true); }
        catch (IOException) { /* a leftover temp folder is harmless */ }
    }

    [Benchmark]
    public double DecodeNormalizeTiff1Thread() => DecodeAll(_tiffs);

    [Benchmark]
    public double DecodeNormalizePng1Thread() => DecodeAll(_pngs);

    [Benchmark]
    public long LoaderTiffAllCores()
    {
        var loader = new DataLoader(_dataset!, new LoaderOptions
        {
            BatchSize = CropBatch, Shuffle = false, WorkerCount = Environment.ProcessorCount,
            Transform = new DelegateSampleTransform(s => { _normalize.Apply(s.Image); return s; }),
        });
        long n = 0;
        foreach (var b in loader.Epoch(0))
            using (b) n += b.Count;
        return n;
    }

    [Benchmark]
    public long MultiCrop1Thread()
    {
        int threads = torch.get_num_threads();
        torch.set_num_threads(1);
        try { return MultiCrop(_batch!); }
        finally { torch.set_num_threads(threads); }
    }

    [Benchmark]
    public long MultiCropAllCores() => MultiCrop(_batch!);

    /// <summary>What training consumes: the loader decodes on all cores, the multi-crop turns each batch into crops.</summary>
    [Benchmark]
    public long LoaderPlusMultiCropAllCores()
    {
        var loader = new DataLoader(_dataset!, new LoaderOptions { BatchSize = CropBatch, Shuffle = false, WorkerCount = Environment.ProcessorCount });
        long n = 0;
        foreach (var b in loader.Epoch(0))
            using (b) n += MultiCrop(b.Images);
        return n;
    }

    /// <summary>The same with one decode worker, leaving a core to libtorch (the two compete on a 2-core machine).</summary>
    [Benchmark]
    public long LoaderPlusMultiCrop1Worker()
    {
        var loader = new DataLoader(_dataset!, new LoaderOptions { BatchSize = CropBatch, Shuffle = false, WorkerCount = 1 });
        long n = 0;
        foreach (var b in loader.Epoch(0))
            using (b) n += MultiCrop(b.Images);
        return n;
    }

    private double DecodeAll(string[] files)
    {
        double sum = 0;
        foreach (var f in files)
        {
            var image = ImageIO.Read(f).ToMicroscopyImage(ChannelNames);
            _normalize.Apply(image);
            sum += image.Pixels[0];
        }
        return sum;
    }

    private long MultiCrop(Tensor images)
    {
        using var generator = new Generator((ulong)Interlocked.Increment(ref _seed));
        using var crops = _crop!.Apply(images, generator);
        return crops.BatchSize;
    }

    /// <inheritdoc />
    public WorkPerOp Describe(string method) => method switch
    {
        nameof(MultiCrop1Thread) or nameof(MultiCropAllCores) => new WorkPerOp(CropBatch),
        _ => new WorkPerOp(Files),
    };
}
