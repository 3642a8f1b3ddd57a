using CellDino.Core;
using TorchSharp;
using Xunit;

namespace CellDino.Core.Tests;

public class RuntimeTests
{
    [Fact]
    public void NativeBackendLoads()
    {
        TorchRuntime.EnsureLoaded();
        Assert.True(TorchRuntime.IsAvailable);
        using var x = torch.ones(2, 3);
        Assert.Equal(6f, x.sum().item<float>());
    }

    [Fact]
    public void OldLibStdCxxIsDiagnosedWithTheFix()
    {
        var fakeLib = Path.GetTempFileName();
        try
        {
            File.WriteAllText(fakeLib, "GLIBCXX_3.4.29 GLIBCXX_3.4.30");
            var msg = TorchRuntime.Explain(new DllNotFoundException("libLibTorchSharp.so: cannot open"), fakeLib);
            Assert.Contains(TorchRuntime.RequiredGlibcxx, msg);
            Assert.Contains("ensure-prereqs.sh", msg);
            Assert.Contains(fakeLib, msg);
        }
        finally { File.Delete(fakeLib); }
    }

    [Fact]
    public void MissingBackendIsDiagnosedWithThePackagesToAdd()
    {
        var newLib = Path.GetTempFileName();
        try
        {
            File.WriteAllText(newLib, "GLIBCXX_3.4.32");
            var msg = TorchRuntime.Explain(new DllNotFoundException("libtorch_cpu.so: cannot open"), newLib);
            Assert.DoesNotContain("GCC 13", msg);
            Assert.Contains("TorchSharp-cuda-linux", msg);
            Assert.Contains("libtorch_cpu.so", msg);
        }
        finally { File.Delete(newLib); }
    }

    [Fact]
    public void DeviceNamesParse()
    {
        Assert.Equal(DeviceType.CPU, Devices.Parse("cpu").type);
        Assert.Equal(Devices.CudaAvailable ? DeviceType.CUDA : DeviceType.CPU, Devices.Parse("auto").type);
        Assert.Equal(Devices.Default().type, Devices.Parse(null).type);
        Assert.Throws<ArgumentException>(() => Devices.Parse("tpu"));
        if (!Devices.CudaAvailable)
        {
            var ex = Assert.ThrowsAny<Exception>(() => Devices.Parse("cuda"));
            Assert.Contains("CUDA", ex.Message);
        }
    }
}
