using System.Runtime.InteropServices;
using TorchSharp;

namespace MemControl.Models.Runtime;

/// <summary>
/// Chooses the libtorch that TorchSharp runs on. On CPU it is the one shipped with the NuGet package. For CUDA no
/// TorchSharp build is served, so we load a CUDA libtorch from a local PyTorch install (its <c>torch/lib</c> folder)
/// before any other TorchSharp call, then TorchSharp's own shim against it (README "Running on a GPU", steps 1–3).
/// </summary>
public static class LibTorchRuntime
{
    /// <summary>Environment variable naming the folder of a CUDA libtorch (PyTorch's <c>torch/lib</c>).</summary>
    public const string LibTorchFolderVariable = "MEMCONTROL_LIBTORCH";

    // Order matters: each library resolves symbols from the ones before it.
    private static readonly string[] CudaLibraries =
        ["libc10.so", "libtorch_cpu.so", "libc10_cuda.so", "libtorch_cuda.so", "libtorch.so"];

    private static readonly object Gate = new();
    private static bool cudaInitialised;

    /// <summary>
    /// Makes <paramref name="device"/> usable. For CUDA, loads libtorch from <paramref name="libTorchFolder"/> (or
    /// $MEMCONTROL_LIBTORCH) unless CUDA already works. Throws <see cref="ArgumentException"/> with what to do when
    /// the folder is missing or CUDA cannot start.
    /// </summary>
    public static torch.Device Prepare(ComputeDevice device, string? libTorchFolder = null)
    {
        if (!device.IsCuda)
        {
            return torch.CPU;
        }

        lock (Gate)
        {
            if (!cudaInitialised)
            {
                InitialiseCuda(libTorchFolder ?? Environment.GetEnvironmentVariable(LibTorchFolderVariable));
                cudaInitialised = true;
            }
        }

        return new torch.Device(DeviceType.CUDA, device.Index);
    }

    private static void InitialiseCuda(string? folder)
    {
        if (string.IsNullOrWhiteSpace(folder))
        {
            throw new ArgumentException(
                $"a CUDA device needs a CUDA libtorch: set {LibTorchFolderVariable} to PyTorch's "
                + "library folder (python3 -c \"import torch,os;print(os.path.join(os.path.dirname(torch.__file__),'lib'))\").");
        }

        if (!Directory.Exists(folder))
        {
            throw new ArgumentException($"{LibTorchFolderVariable}: the folder '{folder}' does not exist.");
        }

        foreach (var library in CudaLibraries)
        {
            var path = Path.Combine(folder, library);
            if (!File.Exists(path))
            {
                throw new ArgumentException($"{LibTorchFolderVariable}: '{path}' is missing; is '{folder}' PyTorch's torch/lib folder of a CUDA build?");
            }

            NativeLibrary.Load(path);
        }

        // TorchSharp's shim, published beside our assemblies; it binds to the libtorch loaded above.
        var shim = Path.Combine(AppContext.BaseDirectory, "libLibTorchSharp.so");
        if (File.Exists(shim))
        {
            NativeLibrary.Load(shim);
        }

        torch.InitializeDeviceType(DeviceType.CUDA);
        if (!torch.cuda.is_available())
        {
            throw new ArgumentException($"a CUDA device: libtorch from '{folder}' loaded but reports no CUDA device.");
        }
    }
}
