using MemControl.Models.Runtime;
using MemControl.Tests.Cli.Train;

namespace MemControl.Tests.Cli;

/// <summary>
/// A command asked to run on CUDA prepares the CUDA libtorch before it does anything else — before it loads the model,
/// whose first TorchSharp call would otherwise bind the CPU libtorch (README "Running on a GPU").
/// </summary>
public sealed class CudaRuntimeInterceptorTests
{
    [Fact]
    public void A_cuda_device_is_prepared_before_the_model_is_looked_for()
    {
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable(LibTorchRuntime.LibTorchFolderVariable)))
        {
            Assert.Skip($"{LibTorchRuntime.LibTorchFolderVariable} is set on this machine");
        }

        // When: the model folder is missing too; loading it first would have failed with exit 3 naming --model.
        var (exitCode, printed) = TrainRun.Cli("generate", "--model", "/nonexistent-model", "--prompt", "x", "--device", "cuda", "--out", "/tmp/never.png");

        // Then
        Assert.Equal(2, exitCode);
        Assert.Contains(LibTorchRuntime.LibTorchFolderVariable, printed, StringComparison.Ordinal);
        Assert.DoesNotContain("--model", printed, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", printed, StringComparison.Ordinal);
    }
}
