namespace CellDino.Core.Augmentation;

/// <summary>
/// Parameters of the Cell-DINO multi-crop augmentation (<c>CellAugmentationDINO</c>). Each crop, global or local,
/// runs the same pipeline with its own random draws: divide by <see cref="InputDivisor"/> → drop one non-protein
/// channel → rescale the protein channel → random resized crop (bilinear) → horizontal/vertical flips →
/// per-channel brightness → per-channel contrast → per-image per-channel standardization.
/// </summary>
/// <remarks>
/// The defaults are the released HPA recipe; see <see cref="Hpa"/> and <see cref="CellPainting"/>. A training run sets the
/// configurable part from its <c>crops</c> section (<see cref="From"/>); the rest is the reference's fixed values, open
/// here so tests can switch steps off.
/// </remarks>
internal sealed record MultiCropConfig
{
    /// <summary>The pipeline of a training configuration's <c>crops</c> section, with the reference's fixed values for the rest.</summary>
    public static MultiCropConfig From(Training.Config.CropsConfig c, double inputDivisor)
    {
        ArgumentNullException.ThrowIfNull(c);
        return new MultiCropConfig
        {
            GlobalCropsScale = (c.GlobalCropsScale[0], c.GlobalCropsScale[1]),
            GlobalCropsSize = c.GlobalCropsSize,
            LocalCropsNumber = c.LocalCropsNumber,
            LocalCropsScale = (c.LocalCropsScale[0], c.LocalCropsScale[1]),
            LocalCropsSize = c.LocalCropsSize,
            InputDivisor = inputDivisor,
            ChannelDropProbability = c.ChannelDropProbability,
            ProteinChannel = c.ProteinChannel,
            ProteinRescaleProbability = c.ProteinRescaleProbability,
            BrightnessStd = c.BrightnessContrastStd,
            ContrastStd = c.BrightnessContrastStd,
        };
    }

    /// <summary>Global crops per image (teacher and student views).</summary>
    public int GlobalCropsNumber { get; init; } = 2;

    /// <summary>Range of the crop's area as a fraction of the image area, for global crops.</summary>
    public (double Min, double Max) GlobalCropsScale { get; init; } = (0.4, 1.0);

    /// <summary>Side in pixels of each (square) global crop.</summary>
    public int GlobalCropsSize { get; init; } = 224;

    /// <summary>Local crops per image (student only).</summary>
    public int LocalCropsNumber { get; init; } = 8;

    /// <summary>Range of the crop's area as a fraction of the image area, for local crops.</summary>
    public (double Min, double Max) LocalCropsScale { get; init; } = (0.005, 0.4);

    /// <summary>Side in pixels of each (square) local crop.</summary>
    public int LocalCropsSize { get; init; } = 96;

    /// <summary>Aspect-ratio (width / height) range of the crop box, sampled log-uniformly (torchvision's 3/4–4/3).</summary>
    public (double Min, double Max) CropAspectRatio { get; init; } = (3.0 / 4.0, 4.0 / 3.0);

    /// <summary>Box draws tried before falling back to the centre crop (torchvision: 10).</summary>
    public int CropAttempts { get; init; } = 10;

    /// <summary>Inputs are divided by this first (<c>Div255</c>: 8-bit intensities become 0–1).</summary>
    public double InputDivisor { get; init; } = 255.0;

    /// <summary>Probability that one channel (uniform among <see cref="DroppableChannels"/>) is zeroed.</summary>
    public double ChannelDropProbability { get; init; } = 0.2;

    /// <summary>Channel drop is skipped for images with fewer channels than this (reference: 4).</summary>
    public int ChannelDropMinChannels { get; init; } = 4;

    /// <summary>
    /// Index of the protein-of-interest channel (HPA RGBA order microtubules, protein, nucleus, ER → 1), never
    /// dropped and the only one rescaled; null when the stain set has no such channel (Cell Painting).
    /// </summary>
    public int? ProteinChannel { get; init; } = 1;

    /// <summary>
    /// Channels channel drop may zero; null means every channel except <see cref="ProteinChannel"/>
    /// (HPA: {0, 2, 3}, the reference's <c>RandomRemoveChannelExceptProtein</c>).
    /// </summary>
    public IReadOnlyList<int>? DroppableChannels { get; init; }

    /// <summary>Probability that the protein channel is multiplied by <c>U(range) / max(image)</c>.</summary>
    public double ProteinRescaleProbability { get; init; } = 0.2;

    /// <summary>Range of the uniform numerator of the protein rescale factor (reference: <c>rand()·2</c>).</summary>
    public (double Min, double Max) ProteinRescaleRange { get; init; } = (0.0, 2.0);

    /// <summary>Probability of a left–right flip of a crop.</summary>
    public double HorizontalFlipProbability { get; init; } = 0.5;

    /// <summary>Probability of a top–bottom flip of a crop.</summary>
    public double VerticalFlipProbability { get; init; } = 0.5;

    /// <summary>Standard deviation of the per-channel brightness factor <c>max(N(1, std), floor)</c>; 0 disables.</summary>
    public double BrightnessStd { get; init; } = 0.2;

    /// <summary>Standard deviation of the per-channel contrast factor <c>max(N(1, std), floor)</c>; 0 disables.</summary>
    public double ContrastStd { get; init; } = 0.2;

    /// <summary>Lower bound of the brightness and contrast factors (reference: 0.5).</summary>
    public double JitterFactorFloor { get; init; } = 0.5;

    /// <summary>Clamp to [0, 1] after brightness and after contrast, as torchvision does for float images.</summary>
    public bool ClampJitterToUnitRange { get; init; } = true;

    /// <summary>Per-image per-channel standardization <c>(x − mean) / (std + eps)</c> at the end (<c>SelfNormalizeNoDiv</c>).</summary>
    public bool Standardize { get; init; } = true;

    /// <summary>Added to the population (biased) standard deviation before dividing.</summary>
    public double StandardizeEpsilon { get; init; } = 1e-7;

    /// <summary>The released Cell-DINO HPA recipe (protein channel 1, 224/96 px crops).</summary>
    public static MultiCropConfig Hpa => new();

    /// <summary>
    /// Cell Painting (DNA, RNA, ER, AGP, Mito): no protein channel, so no protein rescale and channel drop may
    /// zero any channel (the reference's <c>RandomRemoveChannel</c>); 128/64 px crops. The Cell Painting training
    /// configuration was not released: crop sizes follow the 16×16 position grid of <c>cell_dino_cp_vits8</c> and the
    /// predecessor's 128/64 (a guess); the rest follows the HPA recipe.
    /// </summary>
    public static MultiCropConfig CellPainting => new() { ProteinChannel = null, GlobalCropsSize = 128, LocalCropsSize = 64 };

    /// <summary>Channels channel drop may zero in an image of <paramref name="channels"/> channels (empty: no drop).</summary>
    internal int[] DropCandidates(int channels)
    {
        if (channels < ChannelDropMinChannels) return [];
        return DroppableChannels is { } list
            ? list.ToArray()
            : Enumerable.Range(0, channels).Where(c => c != ProteinChannel).ToArray();
    }

    /// <summary>Throws when a parameter is out of range or does not fit an image of <paramref name="channels"/> channels.</summary>
    internal void Validate(long channels)
    {
        static void Prob(double p, string name)
        {
            if (!(p >= 0 && p <= 1)) throw new ArgumentException($"MultiCropConfig.{name} must be a probability in [0, 1], got {p}.");
        }
        static void Range((double Min, double Max) r, string name, double lo)
        {
            if (!(r.Min >= lo && r.Max >= r.Min) || double.IsInfinity(r.Max))
                throw new ArgumentException($"MultiCropConfig.{name} must satisfy {lo} <= Min <= Max < inf, got ({r.Min}, {r.Max}).");
        }
        if (GlobalCropsNumber < 0 || LocalCropsNumber < 0)
            throw new ArgumentException($"MultiCropConfig crop counts must be >= 0, got global {GlobalCropsNumber}, local {LocalCropsNumber}.");
        if (GlobalCropsSize <= 0 || LocalCropsSize <= 0)
            throw new ArgumentException($"MultiCropConfig crop sizes must be positive, got global {GlobalCropsSize}, local {LocalCropsSize}.");
        Range(GlobalCropsScale, nameof(GlobalCropsScale), double.Epsilon);
        Range(LocalCropsScale, nameof(LocalCropsScale), double.Epsilon);
        Range(CropAspectRatio, nameof(CropAspectRatio), double.Epsilon);
        Range(ProteinRescaleRange, nameof(ProteinRescaleRange), 0);
        if (CropAttempts < 0) throw new ArgumentException($"MultiCropConfig.CropAttempts must be >= 0, got {CropAttempts}.");
        if (!(InputDivisor > 0)) throw new ArgumentException($"MultiCropConfig.InputDivisor must be positive, got {InputDivisor}.");
        Prob(ChannelDropProbability, nameof(ChannelDropProbability));
        Prob(ProteinRescaleProbability, nameof(ProteinRescaleProbability));
        Prob(HorizontalFlipProbability, nameof(HorizontalFlipProbability));
        Prob(VerticalFlipProbability, nameof(VerticalFlipProbability));
        if (!(BrightnessStd >= 0) || !(ContrastStd >= 0))
            throw new ArgumentException($"MultiCropConfig brightness/contrast std must be >= 0, got {BrightnessStd}, {ContrastStd}.");
        if (!(StandardizeEpsilon >= 0)) throw new ArgumentException($"MultiCropConfig.StandardizeEpsilon must be >= 0, got {StandardizeEpsilon}.");
        if (ProteinChannel is { } p && (p < 0 || p >= channels))
            throw new ArgumentException($"MultiCropConfig.ProteinChannel is {p}, but the images have {channels} channel(s) (expected 0..{channels - 1}, or null for none).");
        if (DroppableChannels is { } d)
        {
            foreach (int c in d)
            {
                if (c < 0 || c >= channels)
                    throw new ArgumentException($"MultiCropConfig.DroppableChannels holds {c}, but the images have {channels} channel(s).");
                if (c == ProteinChannel)
                    throw new ArgumentException($"MultiCropConfig.DroppableChannels holds the protein channel {c}, which must never be dropped.");
            }
        }
    }
}
