using System.Runtime.InteropServices;
using System.Text;

namespace CellDino.Benchmarks.Modes.GpuCheck;

/// <summary>What the CUDA driver says about one device.</summary>
public sealed record CudaDeviceInfo(string Name, int DriverVersion, long TotalBytes);

/// <summary>
/// A few calls into the CUDA driver (<c>libcuda.so.1</c>, which every NVIDIA machine has on its library path): the
/// device's name and memory, which TorchSharp 0.107 does not expose (it has no <c>memory_allocated</c> either).
/// Every call goes through the device's primary context, the one PyTorch's runtime uses, so the memory in use
/// includes what libtorch's caching allocator holds.
/// </summary>
public static class CudaDriver
{
    private const string Lib = "libcuda.so.1";

    /// <summary>Name, driver version and memory of device <paramref name="ordinal"/>, or null with <paramref name="error"/> saying why.</summary>
    public static CudaDeviceInfo? Describe(int ordinal, out string? error)
    {
        error = null;
        try
        {
            Check(cuInit(0), "cuInit");
            Check(cuDriverGetVersion(out int version), "cuDriverGetVersion");
            Check(cuDeviceGet(out int dev, ordinal), "cuDeviceGet");
            var name = new byte[256];
            Check(cuDeviceGetName(name, name.Length, dev), "cuDeviceGetName");
            Check(cuDeviceTotalMem_v2(out ulong total, dev), "cuDeviceTotalMem");
            return new CudaDeviceInfo(Encoding.ASCII.GetString(name).TrimEnd('\0'), version, (long)total);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or InvalidOperationException)
        {
            error = e.Message;
            return null;
        }
    }

    /// <summary>
    /// Bytes in use on device <paramref name="ordinal"/> (total − free, all processes), or null with <paramref name="error"/>.
    /// PyTorch's caching allocator keeps what it reserved until <c>empty_cache</c>, which TorchSharp does not expose, so
    /// this read after a workload is its peak reserved memory plus the CUDA context.
    /// </summary>
    public static long? UsedBytes(int ordinal, out string? error)
    {
        error = null;
        IntPtr ctx = IntPtr.Zero;
        int dev = 0;
        try
        {
            Check(cuInit(0), "cuInit");
            Check(cuDeviceGet(out dev, ordinal), "cuDeviceGet");
            Check(cuDevicePrimaryCtxRetain(out ctx, dev), "cuDevicePrimaryCtxRetain");
            Check(cuCtxPushCurrent_v2(ctx), "cuCtxPushCurrent");
            try
            {
                Check(cuMemGetInfo_v2(out ulong free, out ulong total), "cuMemGetInfo");
                return (long)(total - free);
            }
            finally
            {
                cuCtxPopCurrent_v2(out _);
            }
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or InvalidOperationException)
        {
            error = e.Message;
            return null;
        }
        finally
        {
            if (ctx != IntPtr.Zero) cuDevicePrimaryCtxRelease_v2(dev);
        }
    }

    private static void Check(int result, string call)
    {
        if (result != 0) throw new InvalidOperationException($"{call} returned CUDA error {result}.");
    }

    [DllImport(Lib)] private static extern int cuInit(uint flags);
    [DllImport(Lib)] private static extern int cuDriverGetVersion(out int version);
    [DllImport(Lib)] private static extern int cuDeviceGet(out int device, int ordinal);
    [DllImport(Lib)] private static extern int cuDeviceGetName(byte[] name, int length, int device);
    [DllImport(Lib)] private static extern int cuDeviceTotalMem_v2(out ulong bytes, int device);
    [DllImport(Lib)] private static extern int cuDevicePrimaryCtxRetain(out IntPtr context, int device);
    [DllImport(Lib)] private static extern int cuDevicePrimaryCtxRelease_v2(int device);
    [DllImport(Lib)] private static extern int cuCtxPushCurrent_v2(IntPtr context);
    [DllImport(Lib)] private static extern int cuCtxPopCurrent_v2(out IntPtr context);
    [DllImport(Lib)] private static extern int cuMemGetInfo_v2(out ulong free, out ulong total);
}
