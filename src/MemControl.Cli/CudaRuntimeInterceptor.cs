using MemControl.Models.Runtime;
using Spectre.Console.Cli;

namespace MemControl.Cli;

/// <summary>
/// Loads a CUDA libtorch before a command that asked for one makes its first TorchSharp call (README "Running on a
/// GPU"): TorchSharp binds to the first libtorch loaded, so preparing CUDA only when the model moves (after it was
/// loaded on the CPU one) would be too late. Reads the settings' <c>Device</c> option, which every command that can
/// run on a GPU has.
/// </summary>
public sealed class CudaRuntimeInterceptor : ICommandInterceptor
{
    public void Intercept(CommandContext context, CommandSettings settings)
    {
        if (settings.GetType().GetProperty("Device")?.GetValue(settings) is string device
            && device.StartsWith("cuda", StringComparison.OrdinalIgnoreCase))
        {
            LibTorchRuntime.Prepare(OptionNames.Parsed("--device", () => ComputeDevice.Parse(device)));
        }
    }

    public void InterceptResult(CommandContext context, CommandSettings settings, ref int result)
    {
    }
}
