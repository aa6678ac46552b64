using System.Runtime.InteropServices;

namespace MemControl.Models.Runtime;

/// <summary>
/// Chooses libtorch's CPU convolution kernels before libtorch starts.
/// Why: on the AMD EPYC (AVX-512) machines this project runs on, oneDNN's JIT AVX2 and AVX-512 kernels return wrong
/// input gradients for float32 convolutions (relative errors up to 0.9, sometimes NaN, for narrow layers such as
/// 4 or 8 channels), while the forward pass and weight gradients are right. Limiting oneDNN to SSE4.1 gives results
/// equal to float64 within 5e-7 (measured: 300 of 300 convolution backward passes; the AVX2/AVX-512 kernels got
/// 9–100 of 100 wrong). The cost is slower convolutions on CPU; the GPU path is unaffected.
/// oneDNN reads <c>ONEDNN_MAX_CPU_ISA</c> with getenv when it creates its first kernel, so it is set in the native
/// environment (.NET's Environment.SetEnvironmentVariable does not reach getenv). A value the user set wins.
/// </summary>
public static class CpuKernels
{
    public const string IsaVariable = "ONEDNN_MAX_CPU_ISA";

    public const string SafeIsa = "SSE41";

    /// <summary>Call first thing in a process, before any TorchSharp call.</summary>
    public static void UseSafeConvolutionKernels()
    {
        if (OperatingSystem.IsLinux())
        {
            _ = SetEnvironment(IsaVariable, SafeIsa, overwrite: 0);
        }
    }

    [DllImport("libc", EntryPoint = "setenv")]
    private static extern int SetEnvironment(string name, string value, int overwrite);
}
