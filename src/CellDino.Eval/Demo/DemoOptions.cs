using TorchSharp;

namespace CellDino.Eval.Demo;

/// <summary>Settings of the end-to-end demo (<c>celldino demo</c>). Defaults fit in under 15 minutes on 2 CPU cores.</summary>
public sealed record DemoOptions
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
    public int Iterations { get; init; } = 600;

    /// <summary>Images per pretraining step.</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>
    /// Overrides of the pretraining configuration in <c>section.key=value</c> form (DINOv2 names, as
    /// <c>celldino pretrain --set</c>), applied after the demo's own settings, e.g. <c>student.layerscale=1e-5</c> to see a
    /// collapse.
    /// </summary>
    public IReadOnlyList<string> ConfigOverrides { get; init; } = [];

    /// <summary>Run the low-shot curves (the slowest evaluation).</summary>
    public bool LowShot { get; init; } = true;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first bad setting.</summary>
    public void Validate()
    {
        if (TrainImages < BatchSize) throw new ArgumentException($"DemoOptions.TrainImages ({TrainImages}) must be at least one batch ({BatchSize}).");
        if (ValidationImages < 8 || TestImages < 8) throw new ArgumentException("DemoOptions.ValidationImages and TestImages must be at least 8.");
        if (ImageSize < 32 || ImageSize % 8 != 0) throw new ArgumentException($"DemoOptions.ImageSize must be a multiple of 8 and at least 32, got {ImageSize}.");
        if (Iterations < 1) throw new ArgumentException($"DemoOptions.Iterations must be at least 1, got {Iterations}.");
    }
}
