using CellDino.Benchmarks;
using CellDino.Benchmarks.Modes.GpuCheck;

namespace CellDino.Benchmarks.Tests;

/// <summary>
/// The <c>gpu-check</c> entry point runs only on a lent GPU in earnest; these runs of its CPU path keep every code
/// path it takes there (sections, report, files, exit codes) from rotting between loans.
/// </summary>
public sealed class GpuCheckTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("celldino-gpucheck-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static readonly string[] TinyEverything =
    [
        "gpu-check", "--device", "cpu", "--quick", "--ceiling", "64", "--embed", "vit_micro/8", "--embed-size", "16",
        "--train", "tiny:4", "--train-precision", "bf16", "--train-steps", "1", "--train-warmup", "0",
        "--compare-steps", "10", "--compare-batch", "4", "--tag", "t",
    ];

    [Fact]
    public void Quick_cpu_run_measures_every_section_and_writes_json_and_markdown()
    {
        int rc = Program.Main([.. TinyEverything, "--out", _dir]);

        Assert.Equal(GpuCheckMode.Ok, rc);
        var report = GpuCheckReport.FromJson(File.ReadAllText(Path.Combine(_dir, "gpu-check-t.json")));
        Assert.Empty(report.Errors);
        Assert.True(report.Quick);
        var env = report.Env!;
        Assert.True(env.MatmulSane, $"fp32 {env.Fp32MatmulRelError}, bf16 {env.Bf16MatmulRelError}");
        Assert.InRange(env.Bf16MatmulRelError, 1e-4, 3e-2); // really bf16: fp32 would be ~1e-7
        Assert.Contains(env.Libraries, l => l.EndsWith("libtorch_cpu.so", StringComparison.Ordinal));
        Assert.Equal(["bf16", "fp32"], report.Ceilings.Select(c => c.Dtype));
        Assert.All(report.Ceilings, c => Assert.True(c.Gflops > 0));
        Assert.Equal(3, report.Embedding.Count);
        Assert.All(report.Embedding, e => Assert.True(e.ImagesPerSecond > 0 && e.FractionOfCeiling > 0, e.ToString()));
        var step = Assert.Single(report.Training);
        Assert.Equal("bf16", step.Precision);
        Assert.True(step.Mfu > 0 && double.IsFinite(step.LastLoss), step.ToString());
        var cmp = report.Compare!;
        Assert.Equal(10, cmp.LossBf16.Length);
        Assert.Equal(10, cmp.LossFp32.Length);
        Assert.All(cmp.LossBf16.Concat(cmp.LossFp32), l => Assert.True(double.IsFinite(l) && l > 0));
        // Same seed, same first batch, same weights: the first step differs only by bf16 rounding. A run that drew
        // another batch or another initialization would differ by far more.
        Assert.InRange(Math.Abs(cmp.LossBf16[0] - cmp.LossFp32[0]) / cmp.LossFp32[0], 0, 0.01);
        Assert.NotEqual(cmp.LossBf16, cmp.LossFp32);
        var md = File.ReadAllText(Path.Combine(_dir, "gpu-check-t.md"));
        Assert.Contains("bf16 vs fp32", md);
        Assert.Contains("| tiny | vit_micro/8 | 4 | bf16 |", md);
    }

    [Fact]
    public void Sections_limit_what_runs_and_the_environment_is_always_recorded()
    {
        int rc = Program.Main(["gpu-check", "--device", "cpu", "--quick", "--sections", "ceiling", "--ceiling", "64", "--out", _dir]);

        Assert.Equal(GpuCheckMode.Ok, rc);
        var report = GpuCheckReport.FromJson(File.ReadAllText(Path.Combine(_dir, "gpu-check-all.json")));
        Assert.NotNull(report.Env);
        Assert.Equal(2, report.Ceilings.Count);
        Assert.Empty(report.Embedding);
        Assert.Empty(report.Training);
        Assert.Null(report.Compare);
    }

    [Fact]
    public void Cuda_on_a_machine_without_it_is_exit_code_3_and_writes_nothing()
    {
        int rc = Program.Main(["gpu-check", "--device", "cuda", "--out", _dir]);

        Assert.Equal(GpuCheckMode.NoBackend, rc);
        Assert.Empty(Directory.GetFiles(_dir));
    }

    [Theory]
    [InlineData("--embed", "vit_huge/16", "--embed = 'vit_huge/16': expected an architecture of")]
    [InlineData("--embed", "vit_small", "--embed = 'vit_small': expected ARCH/PATCH")]
    [InlineData("--train", "nope:4", "--train = 'nope:4': expected a preset of tiny, tiny-ref, vit_s16, vit_l16")]
    [InlineData("--train", "tiny:0", "--train = 'tiny:0': expected PRESET:BATCH")]
    [InlineData("--train-precision", "fp16", "--train-precision = 'fp16': expected bf16 or fp32")]
    [InlineData("--compare-steps", "15", "--compare-steps = '15': expected a multiple of 10")]
    [InlineData("--sections", "env,speed", "--sections = 'speed': expected env, ceiling, embed, train, compare")]
    [InlineData("--tag", "../x", "--tag = '../x': expected letters, digits")]
    [InlineData("--embed-batch", "-3", "--embed-batch = '-3': expected a positive integer")]
    [InlineData("--frobnicate", "1", "unknown option '--frobnicate'")]
    public void A_bad_option_names_itself_and_what_was_expected(string option, string value, string expected)
    {
        var e = Assert.Throws<ArgumentException>(() => GpuCheckOptions.Parse([option, value]));
        Assert.Contains(expected, e.Message);
        Assert.DoesNotContain('\n', e.Message);
        Assert.Equal(GpuCheckMode.BadArguments, Program.Main(["gpu-check", option, value]));
    }

    [Fact]
    public void Quick_shrinks_sizes_but_explicit_options_win_in_any_order()
    {
        var o = GpuCheckOptions.Parse(["--embed-batch", "7", "--quick"]);

        Assert.Equal(7, o.EmbedBatch);
        Assert.Equal("cpu", o.Device);
        Assert.Equal(512, o.CeilingSize);
        Assert.Equal(8192, GpuCheckOptions.Parse([]).CeilingSize);
        Assert.Equal("cuda", GpuCheckOptions.Parse([]).Device);
    }

    [Fact]
    public void Loaded_libraries_are_read_from_the_maps_file_once_each_and_only_those_of_interest()
    {
        var maps = Path.Combine(_dir, "maps");
        File.WriteAllLines(maps,
        [
            "7f00-7f10 r--p 00000000 fd:01 1 /opt/torch/lib/libtorch_cuda.so",
            "7f10-7f20 r-xp 00010000 fd:01 1 /opt/torch/lib/libtorch_cuda.so",
            "7f20-7f30 r-xp 00000000 fd:01 2 /work/.gpu/shim/libLibTorchSharp.so",
            "7f30-7f40 r-xp 00000000 fd:01 3 /usr/lib/x86_64-linux-gnu/libm.so.6",
            "7f40-7f50 rw-p 00000000 00:00 0 [heap]",
            "7f50-7f60 r-xp 00000000 fd:01 4 /opt/nvidia/cublas/lib/libcublasLt.so.13 (deleted)",
        ]);

        var libs = LoadedLibraries.Read(maps);

        Assert.Equal(["/opt/nvidia/cublas/lib/libcublasLt.so.13 (deleted)", "/opt/torch/lib/libtorch_cuda.so", "/work/.gpu/shim/libLibTorchSharp.so"], libs);
        Assert.Empty(LoadedLibraries.Read(Path.Combine(_dir, "no-such-maps")));
    }

    [Fact]
    public void The_cuda_driver_either_describes_a_device_or_says_why_not()
    {
        var info = CudaDriver.Describe(0, out var error);

        if (info is null) Assert.False(string.IsNullOrWhiteSpace(error));
        else Assert.True(info.TotalBytes > 0 && info.Name.Length > 0, info.ToString());
    }
}
