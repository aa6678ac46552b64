using MemControl.Data.Images;
using MemControl.Models.Pipelines;
using MemControl.Peft;
using MemControl.Peft.Adapters;
using MemControl.Workflow.BaseModels;
using MemControl.Workflow.Reports;
using SkiaSharp;

namespace MemControl.Workflow.Generation;

/// <summary>
/// <c>memcontrol generate</c>'s work: prompt → images with the base model, or with a trained adapter loaded onto the
/// UNet (its base-model identity checked) and merged into plain weights, so sampling costs what the base model costs.
/// Writes a grid PNG (one row per prompt) and each image as its own PNG beside it, all or nothing.
/// </summary>
public static class GenerateRunner
{
    /// <summary>Generates and writes the images; returns the grid's path first, then the single images'.</summary>
    public static IReadOnlyList<string> Run(GenerateRequest request, Action<string> log, CancellationToken cancellationToken = default)
    {
        request.Validate();
        var (model, identity) = BaseModel.Load(request.Model);
        using var _ = model;
        if (request.Adapter is { } adapterFolder)
        {
            if (!Directory.Exists(adapterFolder))
            {
                throw new DirectoryNotFoundException($"Adapter: the folder '{adapterFolder}' does not exist");
            }

            var adapter = AdapterSet.Load(model.Unet, adapterFolder, new PeftContext(identity));
            adapter.Merge();
            log($"adapter {adapter.Method.Config.Method} ({adapter.TrainableCount:N0} values) merged into the UNet");
        }

        BaseModel.MoveTo(model, request.Device);
        model.SetEvaluationMode();
        var pipeline = TextToImagePipeline.For(model);
        var images = new List<ImageData>();
        for (var p = 0; p < request.Prompts.Count; p++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var generation = new GenerationRequest(
                Enumerable.Repeat(request.Prompts[p], request.Count).ToList(),
                request.Negative is null ? null : Enumerable.Repeat(request.Negative, request.Count).ToList(),
                request.Steps,
                request.Guidance,
                Seed: request.Seed + p);
            using var batch = pipeline.Generate(generation);
            images.AddRange(ImageBatch.ToImages(batch));
            log($"prompt {p + 1}/{request.Prompts.Count}: {request.Count} image(s)");
        }

        return Write(Path.GetFullPath(request.Output), images, request.Count);
    }

    /// <summary>The grid and FILE-i.png for every image, all-or-nothing; returns the grid's path first.</summary>
    private static IReadOnlyList<string> Write(string gridPath, IReadOnlyList<ImageData> images, int columns)
    {
        var folder = Path.GetDirectoryName(gridPath)!;
        var stem = Path.GetFileNameWithoutExtension(gridPath);
        var files = new ReportFiles().Add(Path.GetFileName(gridPath), ImageEncoder.Encode(ImageGrid.Compose(images, columns), SKEncodedImageFormat.Png));
        for (var i = 0; i < images.Count; i++)
        {
            files.Add($"{stem}-{i}.png", ImageEncoder.Encode(images[i], SKEncodedImageFormat.Png));
        }

        var written = files.WriteTo(folder);
        return [gridPath, .. written.Where(path => path != gridPath)];
    }
}
