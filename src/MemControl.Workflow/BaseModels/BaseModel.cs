using MemControl.Models.Loading;
using MemControl.Models.Pipelines;
using MemControl.Models.Runtime;

namespace MemControl.Workflow.BaseModels;

/// <summary>
/// A Stable Diffusion pipeline folder loaded for a command, with its base-model identity: SHA-256 of the UNet's
/// config and state-dict keys/shapes (<see cref="ModelIdentity"/>), the fingerprint adapters and masks record.
/// The identity is taken before any adapter is attached, since attaching changes the UNet's state-dict keys.
/// </summary>
public static class BaseModel
{
    /// <summary>Loads the folder <paramref name="modelOption"/> names, or the built-in model for <c>builtin</c>.</summary>
    public static (StableDiffusion Model, string Identity) Load(string modelOption)
    {
        var directory = BuiltinModel.Resolve(modelOption);
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"Model: the folder '{directory}' does not exist");
        }

        var model = StableDiffusion.Load(directory);
        try
        {
            var unetConfig = DiffusersFolder.Open(directory).OpenComponent("unet").ConfigJson;
            return (model, ModelIdentity.Of(unetConfig, model.Unet).Sha256Hex);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>Moves the model to the <c>--device</c> the user named (cpu, cuda, cuda:N).</summary>
    public static void MoveTo(StableDiffusion model, string device)
    {
        var parsed = ComputeDevice.Parse(device);
        if (parsed.IsCuda)
        {
            model.MoveTo(LibTorchRuntime.Prepare(parsed));
        }
    }
}
