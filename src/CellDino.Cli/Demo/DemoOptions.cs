using TorchSharp;

namespace CellDino.Cli.Demo;

/// <summary>Settings of the end-to-end demo (<c>celldino demo</c>). Defaults take 2 to 2½ minutes on a 2-core CPU machine (docs/benchmarks.md).</summary>
internal sealed record DemoOptions
{
    /// <summary>Report folder.</summary>
    public string OutputDirectory { get; init; } = "celldino-demo";

    /// <summary>Device; null picks CUDA when available.</summary>
    public torch.Device? Device { get; init; }

    /// <summary>Seed of data, model and training.</summary>
    public int Seed { get; init; }

    /// <summary>Synthetic fields of view used for pretraining and as the probes' training set.</summary>
    public int TrainImages { get; init; } = 1536;

    /// <summary>Fields used to select the linear probe's learning rate and weight decay.</summary>
    public int ValidationImages { get; init; } = 256;

    /// <summary>Held-out fields every score is computed on.</summary>
    public int TestImages { get; init; } = 512;

    /// <summary>Side of a synthetic field in pixels.</summary>
    public int ImageSize { get; init; } = 64;

    /// <summary>Pretraining iterations.</summary>
    public int Iterations { get; init; } = 2500;

    /// <summary>Images per pretraining step.</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>
    /// Overrides of the pretraining configuration in <c>section.key=value</c> form (DINOv2 names, as
    /// <c>celldino pretrain --set</c>), applied after the demo's own settings, e.g. <c>student.layerscale=1e-5</c> to see a
    /// collapse.
    /// </summary>
    public IReadOnlyList<string> ConfigOverrides { get; init; } = [];

    /// <summary>
    /// libtorch intra-op threads while the demo runs; null follows <see cref="Core.ThreadingPolicy"/> (on 2 cores: one for
    /// libtorch, one for the data loader that paints the synthetic fields).
    /// </summary>
    public int? TorchThreads { get; init; }

    /// <summary>Run the low-shot curves (the slowest evaluation).</summary>
    public bool LowShot { get; init; } = true;

    /// <summary>
    /// The <c>--quick</c> run: 1,000 iterations on the same fields and no low-shot curves, sized to finish in under a minute
    /// on 2 CPU cores while still learning (docs/training.md has its measured scores on three seeds).
    /// </summary>
    public DemoOptions Quick() => this with { Iterations = QuickIterations, LowShot = false };

    /// <summary>Pretraining iterations of <see cref="Quick"/>.</summary>
    public const int QuickIterations = 1000;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first bad setting.</summary>
    public void Validate()
    {
        if (TrainImages < BatchSize) throw new ArgumentException($"DemoOptions.TrainImages ({TrainImages}) must be at least one batch ({BatchSize}).");
        if (ValidationImages < 8 || TestImages < 8) throw new ArgumentException("DemoOptions.ValidationImages and TestImages must be at least 8.");
        if (ImageSize < 32 || ImageSize % 8 != 0) throw new ArgumentException($"DemoOptions.ImageSize must be a multiple of 8 and at least 32, got {ImageSize}.");
        if (TorchThreads is < 1) throw new ArgumentException($"DemoOptions.TorchThreads must be at least 1, got {TorchThreads}.");
        if (Iterations < 1) throw new ArgumentException($"DemoOptions.Iterations must be at least 1, got {Iterations}.");
    }
}
