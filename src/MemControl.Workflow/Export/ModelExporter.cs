using MemControl.Models.Loading;
using MemControl.Peft;
using MemControl.Peft.Adapters;
using MemControl.Workflow.BaseModels;
using static TorchSharp.torch;

namespace MemControl.Workflow.Export;

/// <summary>
/// Writes a trained adapter where other tools read it: the base pipeline folder with the adapter merged into the UNet
/// (loads in diffusers' <c>StableDiffusionPipeline.from_pretrained</c>), or a LoRA adapter's weights in diffusers' LoRA
/// naming. The adapter's base-model identity is checked first (<see cref="AdapterSet.Load"/>). Everything is written into
/// a hidden folder beside the output and renamed into place at the end, so a failed export leaves no half-written model.
/// </summary>
public static class ModelExporter
{
    public static ExportResult Export(ExportOptions options)
    {
        var output = Path.GetFullPath(options.Output);
        CheckOutput(output);
        if (!Directory.Exists(options.Adapter))
        {
            throw new DirectoryNotFoundException($"adapter folder '{options.Adapter}' does not exist");
        }

        var baseFolder = Path.GetFullPath(BuiltinModel.Resolve(options.Model));
        var (model, identity) = BaseModel.Load(options.Model);
        using var _ = model;
        var baseShapes = model.Unet.state_dict().ToDictionary(entry => entry.Key, entry => entry.Value.shape);
        var adapters = AdapterSet.Load(model.Unet, options.Adapter, new PeftContext(identity));
        var method = adapters.Method.Config.Method;

        var parent = Path.GetDirectoryName(output)!;
        Directory.CreateDirectory(parent);
        var staging = Path.Combine(parent, $".{Path.GetFileName(output)}.{Guid.NewGuid():N}.tmp");
        try
        {
            int count;
            if (options.Format == ExportFormat.Lora)
            {
                var (tensors, metadata) = DiffusersLoraWeights.From(adapters, options.DType);
                Directory.CreateDirectory(staging);
                SafetensorsWriter.Write(Path.Combine(staging, DiffusersLoraWeights.FileName), tensors, metadata);
                count = tensors.Count;
            }
            else
            {
                adapters.Merge();
                var merged = model.Unet.state_dict();
                CheckFoldedExactly(baseShapes, merged, Path.Combine(options.Adapter, AdapterFiles.Description), method);
                CopyDirectory(baseFolder, staging);
                var folder = DiffusersFolder.Open(staging);
                var unetFolder = folder.ComponentDirectory("unet");
                // Every other weights file of the base UNet (a .bin, an fp16 variant, shards) would load the unmerged weights.
                foreach (var file in Directory.GetFiles(unetFolder).Where(file => Path.GetFileName(file) != "config.json"))
                {
                    File.Delete(file);
                }

                SafetensorsWriter.Write(Path.Combine(unetFolder, CheckpointSaver.DiffusersWeightsFileName), Cast(merged, options.DType));
                foreach (var component in folder.Components.Where(component => component.Name != "unet" && Directory.Exists(component.Directory)))
                {
                    CastWeightFiles(component.Directory, options.DType);
                }

                count = merged.Count;
            }

            if (Directory.Exists(output))
            {
                Directory.Delete(output);   // checked empty above
            }

            Directory.Move(staging, output);
            return new ExportResult(output, method, count);
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }
    }

    private static void CheckOutput(string output)
    {
        if (File.Exists(output))
        {
            throw new ArgumentException($"output '{output}' is a file; an export writes a folder", nameof(ExportOptions.Output));
        }

        if (Directory.Exists(output) && Directory.EnumerateFileSystemEntries(output).Any())
        {
            throw new ArgumentException($"output folder '{output}' exists and is not empty; choose a new folder", nameof(ExportOptions.Output));
        }
    }

    // A merged export must be the base's state dict with other values: anything else would not load as the base's class.
    private static void CheckFoldedExactly(Dictionary<string, long[]> baseShapes, Dictionary<string, Tensor> merged, string description, string method)
    {
        var extra = merged.Keys.Where(key => !baseShapes.ContainsKey(key)).Order(StringComparer.Ordinal).ToList();
        var missing = baseShapes.Keys.Where(key => !merged.ContainsKey(key)).Order(StringComparer.Ordinal).ToList();
        var reshaped = merged.Where(entry => baseShapes.TryGetValue(entry.Key, out var shape) && !shape.SequenceEqual(entry.Value.shape))
            .Select(entry => entry.Key).Order(StringComparer.Ordinal).ToList();
        if (extra.Count + missing.Count + reshaped.Count > 0)
        {
            throw new InvalidDataException(
                $"'{description}': the {method} adapter does not fold exactly into the UNet's weights " +
                $"(extra: {Sample(extra)}; missing: {Sample(missing)}; reshaped: {Sample(reshaped)})");
        }
    }

    private static string Sample(IReadOnlyList<string> keys) =>
        keys.Count == 0 ? "none" : string.Join(", ", keys.Take(3)) + (keys.Count > 3 ? $" and {keys.Count - 3} more" : "");

    private static Dictionary<string, Tensor> Cast(IReadOnlyDictionary<string, Tensor> tensors, ScalarType dtype) =>
        tensors.ToDictionary(
            entry => entry.Key,
            entry => (entry.Value.is_floating_point() ? entry.Value.detach().to(dtype) : entry.Value.detach()).cpu().contiguous());

    // The other components' weights are copied as they are unless a floating tensor has another dtype than asked for.
    private static void CastWeightFiles(string directory, ScalarType dtype)
    {
        foreach (var path in Directory.GetFiles(directory, "*.safetensors"))
        {
            Dictionary<string, string> metadata;
            bool needsCast;
            using (var file = SafetensorsFile.Open(path))
            {
                metadata = file.Metadata.ToDictionary(entry => entry.Key, entry => entry.Value);
                needsCast = file.Keys.Select(file.GetInfo).Any(info => IsFloating(info.DType.ScalarType) && info.DType.ScalarType != dtype);
            }

            if (needsCast)
            {
                SafetensorsWriter.Write(path, Cast(SafetensorsFile.ReadAll(path), dtype), metadata.Count == 0 ? null : metadata);
            }
        }
    }

    private static bool IsFloating(ScalarType type) => type is ScalarType.Float16 or ScalarType.BFloat16 or ScalarType.Float32 or ScalarType.Float64;

    private static void CopyDirectory(string source, string target)
    {
        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(source))
        {
            var destination = Path.Combine(target, Path.GetFileName(file));
            File.Copy(file, destination);
            File.SetAttributes(destination, FileAttributes.Normal);
        }

        foreach (var directory in Directory.GetDirectories(source))
        {
            CopyDirectory(directory, Path.Combine(target, Path.GetFileName(directory)));
        }
    }
}
