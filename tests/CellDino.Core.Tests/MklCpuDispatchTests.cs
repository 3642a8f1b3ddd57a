using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace CellDino.Core.Tests;

public unsafe class MklCpuDispatchTests
{
    [DllImport("libc", EntryPoint = "dlopen")]
    private static extern IntPtr dlopen(string file, int mode);

    [DllImport("libc", EntryPoint = "dlsym")]
    private static extern IntPtr dlsym(IntPtr handle, string symbol);

    [Fact]
    public void The_generated_shared_object_loads_and_its_function_returns_what_its_code_says()
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64) return; // the ELF is x86-64 Linux only
        var path = Path.Combine(Path.GetTempPath(), $"celldino-elf-{Guid.NewGuid():N}.so");
        try
        {
            // mov eax, 42; ret
            File.WriteAllBytes(path, MklCpuDispatch.SharedObject("celldino_answer", [0xB8, 42, 0, 0, 0, 0xC3]));
            var handle = dlopen(path, 2);
            Assert.NotEqual(IntPtr.Zero, handle);
            var fn = dlsym(handle, "celldino_answer");
            Assert.NotEqual(IntPtr.Zero, fn);
            Assert.Equal(42, ((delegate* unmanaged<int>)fn)());
            Assert.Equal(IntPtr.Zero, dlsym(handle, "something_else"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void After_loading_the_status_says_what_was_done_and_matmuls_stay_correct()
    {
        TorchRuntime.EnsureLoaded();
        Assert.NotEqual("not applied", TorchRuntime.MklDispatch);
        Assert.DoesNotContain("failed", TorchRuntime.MklDispatch);
        Assert.NotEqual("not applied", TorchRuntime.NativeMemory);
        // Whichever kernels MKL picked, a float32 matmul equals the float64 one to float32 accuracy.
        using var scope = NewDisposeScope();
        var a = randn([96, 200], generator: new Generator(1));
        var b = randn([200, 70], generator: new Generator(2));
        var exact = a.to(ScalarType.Float64).mm(b.to(ScalarType.Float64));
        Assert.True((a.mm(b).to(ScalarType.Float64) - exact).abs().max().item<double>() < 1e-3);
    }
}
