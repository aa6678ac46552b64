using System.Runtime.InteropServices;
using System.Text;

namespace MemControl.Benchmarks.Gpu;

/// <summary>
/// The few NVIDIA Management Library calls the GPU check needs (the library nvidia-smi reads; it comes with the
/// driver). TorchSharp 0.107 exposes no CUDA memory statistics (no max_memory_allocated), so peak device memory is
/// polled from the driver: memory in use on the device, which includes the CUDA context and the caching allocator's
/// reserve, not only live tensors. benchmarks/gpu/diffusers_bench.py polls the same way, so the two sides compare.
/// </summary>
internal static class Nvml
{
    private const string Library = "libnvidia-ml.so.1";

    /// <summary>Starts NVML and returns the handle of GPU <paramref name="index"/> (NVML's numbering, which ignores CUDA_VISIBLE_DEVICES).</summary>
    public static IntPtr Device(int index)
    {
        try
        {
            Check(nvmlInit_v2(), "nvmlInit");
        }
        catch (DllNotFoundException error)
        {
            throw new InvalidOperationException($"{Library} (the NVIDIA driver's management library) could not be loaded: is an NVIDIA driver installed?", error);
        }

        Check(nvmlDeviceGetHandleByIndex_v2((uint)index, out var device), $"nvmlDeviceGetHandleByIndex({index})");
        return device;
    }

    /// <summary>Bytes in use on the device (all processes).</summary>
    public static ulong UsedBytes(IntPtr device)
    {
        Check(nvmlDeviceGetMemoryInfo(device, out var memory), "nvmlDeviceGetMemoryInfo");
        return memory.Used;
    }

    public static string Name(IntPtr device)
    {
        var buffer = new byte[96];
        Check(nvmlDeviceGetName(device, buffer, (uint)buffer.Length), "nvmlDeviceGetName");
        return Text(buffer);
    }

    public static string DriverVersion()
    {
        var buffer = new byte[80];
        Check(nvmlSystemGetDriverVersion(buffer, (uint)buffer.Length), "nvmlSystemGetDriverVersion");
        return Text(buffer);
    }

    /// <summary>The highest CUDA version the driver supports, e.g. "13.0".</summary>
    public static string CudaDriverVersion()
    {
        Check(nvmlSystemGetCudaDriverVersion_v2(out var version), "nvmlSystemGetCudaDriverVersion");
        return $"{version / 1000}.{version % 1000 / 10}";
    }

    private static string Text(byte[] buffer) => Encoding.ASCII.GetString(buffer, 0, Math.Max(0, Array.IndexOf(buffer, (byte)0))).Trim();

    private static void Check(int status, string call)
    {
        if (status != 0)
        {
            throw new InvalidOperationException($"{call} failed with NVML status {status}");
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct MemoryInfo
    {
        public ulong Total;
        public ulong Free;
        public ulong Used;
    }

    [DllImport(Library)]
    private static extern int nvmlInit_v2();

    [DllImport(Library)]
    private static extern int nvmlDeviceGetHandleByIndex_v2(uint index, out IntPtr device);

    [DllImport(Library)]
    private static extern int nvmlDeviceGetMemoryInfo(IntPtr device, out MemoryInfo memory);

    [DllImport(Library)]
    private static extern int nvmlDeviceGetName(IntPtr device, byte[] name, uint length);

    [DllImport(Library)]
    private static extern int nvmlSystemGetDriverVersion(byte[] version, uint length);

    [DllImport(Library)]
    private static extern int nvmlSystemGetCudaDriverVersion_v2(out int version);
}
