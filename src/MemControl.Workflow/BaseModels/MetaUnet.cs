using MemControl.Models.Loading;
using MemControl.Models.Unets;
using TorchSharp;
using static TorchSharp.torch;

namespace MemControl.Workflow.BaseModels;

/// <summary>
/// A UNet with the right parameter shapes and no values: built on the meta device from a configuration alone, so
/// describing a method on SD-1.5 (3.4 GB of weights) costs no memory and needs no weights.
/// </summary>
public static class MetaUnet
{
    /// <summary>The name <c>--model</c> takes for the SD-1.5 UNet configuration.</summary>
    public const string StableDiffusion15Name = "sd15";

    /// <summary>The UNet configuration <paramref name="model"/> names: <c>sd15</c>, <c>builtin</c>, a pipeline folder or a unet/ folder.</summary>
    public static UNet2DConditionConfig ConfigOf(string model)
    {
        if (model == StableDiffusion15Name)
        {
            return UNet2DConditionConfig.StableDiffusion15;
        }

        var folder = model == BuiltinModel.Name ? BuiltinModel.Directory : Path.GetFullPath(model);
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"Model: folder '{folder}' does not exist (give a diffusers pipeline folder, a unet/ folder, {BuiltinModel.Name} or {StableDiffusion15Name})");
        }

        var unetFolder = DiffusersFolder.IsPipeline(folder) ? DiffusersFolder.Open(folder).ComponentDirectory("unet") : folder;
        var configPath = Path.Combine(unetFolder, "config.json");
        return File.Exists(configPath)
            ? UNet2DConditionConfig.FromFile(configPath)
            : throw new FileNotFoundException(
                $"Model: '{folder}' is neither a diffusers pipeline folder (model_index.json) nor a UNet folder (config.json)", configPath);
    }

    /// <summary>
    /// Builds the UNet of <paramref name="config"/> on the meta device. The default device is process-wide state in
    /// TorchSharp, so it is switched only for the constructor and restored even when the constructor throws.
    /// </summary>
    public static UNet2DConditionModel Build(UNet2DConditionConfig config)
    {
        var previous = get_default_device();
        set_default_device(new Device(DeviceType.META));
        try
        {
            return new UNet2DConditionModel(config);
        }
        finally
        {
            set_default_device(previous);
        }
    }
}
