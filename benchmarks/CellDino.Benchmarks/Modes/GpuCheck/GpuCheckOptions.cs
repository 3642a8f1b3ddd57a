using System.Globalization;
using CellDino.Benchmarks.Suites;
using CellDino.Core.Training;

namespace CellDino.Benchmarks.Modes.GpuCheck;

/// <summary>A backbone to embed with: architecture name (<c>vit_small</c>, …) and patch size, written <c>vit_small/16</c>.</summary>
public sealed record EmbedModel(string Arch, int PatchSize)
{
    /// <inheritdoc />
    public override string ToString() => $"{Arch}/{PatchSize}";
}

/// <summary>A training-step case: a <see cref="Presets"/> name and the batch per step, written <c>vit_s16:128</c>.</summary>
public sealed record TrainCase(string Preset, int Batch)
{
    /// <inheritdoc />
    public override string ToString() => $"{Preset}:{Batch}";
}

/// <summary>
/// Settings of <c>gpu-check</c>. The defaults are the GPU run; <c>--quick</c> shrinks every size so the same code paths
/// run on a CPU in seconds (explicit options given with it still win).
/// </summary>
public sealed record GpuCheckOptions
{
    /// <summary>Section names, in the order they run.</summary>
    public static readonly IReadOnlyList<string> AllSections = ["env", "ceiling", "embed", "train", "compare"];

    /// <summary>Device string for <see cref="Core.Devices.Parse"/> (<c>cuda</c>, <c>cuda:N</c>, <c>cpu</c>).</summary>
    public string Device { get; init; } = "cuda";

    /// <summary>Small sizes everywhere (a CPU smoke run of every code path).</summary>
    public bool Quick { get; init; }

    /// <summary>Folder for <c>gpu-check-&lt;tag&gt;.json</c> and <c>.md</c>; null writes only to standard output.</summary>
    public string? OutDirectory { get; init; }

    /// <summary>Names this process's result files, so one script can run each section in its own process.</summary>
    public string Tag { get; init; } = "all";

    /// <summary>Sections to run (<see cref="AllSections"/>).</summary>
    public IReadOnlyList<string> Sections { get; init; } = AllSections;

    /// <summary>Side of the square matmul that measures the ceiling.</summary>
    public int CeilingSize { get; init; } = 8192;

    /// <summary>Timed matmuls per ceiling (best of these, after 3 warm-ups).</summary>
    public int CeilingRepeats { get; init; } = 10;

    /// <summary>Backbones for the embedding section.</summary>
    public IReadOnlyList<EmbedModel> EmbedModels { get; init; } = [new("vit_small", 16), new("vit_large", 16)];

    /// <summary>Input side for the embedding section (4 channels).</summary>
    public int EmbedSize { get; init; } = 224;

    /// <summary>Images per embedding batch.</summary>
    public int EmbedBatch { get; init; } = 256;

    /// <summary>Timed batches per embedding measurement (after 2 warm-ups).</summary>
    public int EmbedRepeats { get; init; } = 10;

    /// <summary>Training-step cases.</summary>
    public IReadOnlyList<TrainCase> TrainCases { get; init; } = [new(Presets.VitS16, 128), new(Presets.VitL16, 32)];

    /// <summary>Precisions each training-step case runs in.</summary>
    public IReadOnlyList<TrainingPrecision> TrainPrecisions { get; init; } = [TrainingPrecision.BFloat16];

    /// <summary>Timed training steps per case.</summary>
    public int TrainSteps { get; init; } = 10;

    /// <summary>Untimed training steps before them.</summary>
    public int TrainWarmup { get; init; } = 3;

    /// <summary>Steps of the bf16-versus-fp32 run (the tiny preset on synthetic cells, schedules laid over these steps).</summary>
    public int CompareSteps { get; init; } = 200;

    /// <summary>Batch of the bf16-versus-fp32 run.</summary>
    public int CompareBatch { get; init; } = 32;

    /// <summary>The sizes <c>--quick</c> starts from.</summary>
    public static GpuCheckOptions QuickDefaults => new()
    {
        Quick = true, Device = "cpu", CeilingSize = 512, CeilingRepeats = 3,
        EmbedSize = 32, EmbedBatch = 2, EmbedRepeats = 2,
        TrainCases = [new(Presets.Tiny, 8)], TrainPrecisions = [TrainingPrecision.BFloat16, TrainingPrecision.Float32],
        TrainSteps = 2, TrainWarmup = 1, CompareSteps = 10, CompareBatch = 8,
    };

    /// <summary>The usage text printed for <c>--help</c> and after a bad argument.</summary>
    public const string Usage =
        "gpu-check [--device cuda|cuda:N|cpu] [--quick] [--out DIR] [--tag NAME] [--sections env,ceiling,embed,train,compare]\n" +
        "          [--ceiling N] [--ceiling-repeats N] [--embed vit_small/16,vit_large/16] [--embed-size PX] [--embed-batch N]\n" +
        "          [--embed-repeats N] [--train vit_s16:128,vit_l16:32] [--train-precision bf16[,fp32]] [--train-steps N]\n" +
        "          [--train-warmup N] [--compare-steps N] [--compare-batch N]";

    /// <summary>Parses the arguments after the mode name. Throws <see cref="ArgumentException"/> naming the option and what it expects.</summary>
    public static GpuCheckOptions Parse(IReadOnlyList<string> args)
    {
        var o = args.Contains("--quick") ? QuickDefaults : new GpuCheckOptions();
        for (int i = 0; i < args.Count; i++)
        {
            string name = args[i];
            if (name == "--quick") continue;
            if (!name.StartsWith("--", StringComparison.Ordinal)) throw new ArgumentException($"gpu-check: unexpected argument '{name}': expected an option (--help lists them).");
            if (i + 1 >= args.Count) throw new ArgumentException($"gpu-check: {name} needs a value.");
            string v = args[++i];
            o = name switch
            {
                "--device" => o with { Device = v },
                "--out" => o with { OutDirectory = v },
                "--tag" => o with { Tag = ParseTag(name, v) },
                "--sections" => o with { Sections = List(name, v, s => AllSections.Contains(s) ? s : throw Bad(name, s, string.Join(", ", AllSections))) },
                "--ceiling" => o with { CeilingSize = Positive(name, v) },
                "--ceiling-repeats" => o with { CeilingRepeats = Positive(name, v) },
                "--embed" => o with { EmbedModels = List(name, v, ParseModel) },
                "--embed-size" => o with { EmbedSize = Positive(name, v) },
                "--embed-batch" => o with { EmbedBatch = Positive(name, v) },
                "--embed-repeats" => o with { EmbedRepeats = Positive(name, v) },
                "--train" => o with { TrainCases = List(name, v, ParseCase) },
                "--train-precision" => o with { TrainPrecisions = List(name, v, ParsePrecision) },
                "--train-steps" => o with { TrainSteps = Positive(name, v) },
                "--train-warmup" => o with { TrainWarmup = NonNegative(name, v) },
                "--compare-steps" => o with { CompareSteps = Positive(name, v) },
                "--compare-batch" => o with { CompareBatch = Positive(name, v) },
                _ => throw new ArgumentException($"gpu-check: unknown option '{name}' (--help lists them)."),
            };
        }
        if (o.CompareSteps < 10) throw Bad("--compare-steps", o.CompareSteps.ToString(CultureInfo.InvariantCulture), "at least 10 (the schedules span the run in 10 epochs)");
        if (o.CompareSteps % 10 != 0) throw Bad("--compare-steps", o.CompareSteps.ToString(CultureInfo.InvariantCulture), "a multiple of 10 (10 epochs of equal length)");
        return o;
    }

    private static EmbedModel ParseModel(string s)
    {
        var parts = s.Split('/');
        if (parts.Length != 2 || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int p) || p <= 0)
            throw Bad("--embed", s, "ARCH/PATCH, e.g. vit_small/16");
        if (!Core.Models.VitConfig.ArchNames.Contains(parts[0])) throw Bad("--embed", s, "an architecture of " + string.Join(", ", Core.Models.VitConfig.ArchNames));
        return new EmbedModel(parts[0], p);
    }

    private static TrainCase ParseCase(string s)
    {
        var parts = s.Split(':');
        if (parts.Length != 2 || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int b) || b <= 0)
            throw Bad("--train", s, "PRESET:BATCH, e.g. vit_s16:128");
        if (!Presets.Names.Contains(parts[0])) throw Bad("--train", s, "a preset of " + string.Join(", ", Presets.Names));
        return new TrainCase(parts[0], b);
    }

    private static TrainingPrecision ParsePrecision(string s) => s switch
    {
        "bf16" => TrainingPrecision.BFloat16,
        "fp32" => TrainingPrecision.Float32,
        _ => throw Bad("--train-precision", s, "bf16 or fp32"),
    };

    private static IReadOnlyList<T> List<T>(string name, string v, Func<string, T> item)
    {
        var parts = v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length == 0) throw Bad(name, v, "a comma-separated list");
        return parts.Select(item).ToArray();
    }

    private static string ParseTag(string name, string v) =>
        v.Length > 0 && v.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_') ? v : throw Bad(name, v, "letters, digits, '-' and '_'");

    private static int Positive(string name, string v) =>
        int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n > 0 ? n : throw Bad(name, v, "a positive integer");

    private static int NonNegative(string name, string v) =>
        int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out int n) ? n : throw Bad(name, v, "a non-negative integer");

    private static ArgumentException Bad(string name, string value, string expected) => new($"gpu-check: {name} = '{value}': expected {expected}.");
}
