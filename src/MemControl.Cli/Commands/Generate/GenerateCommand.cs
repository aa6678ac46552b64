using MemControl.Data.Images;
using MemControl.Models.Pipelines;
using MemControl.Models.Runtime;
using MemControl.Peft;
using MemControl.Peft.Adapters;
using SkiaSharp;
using Spectre.Console;
using Spectre.Console.Cli;
using static TorchSharp.torch;
using MemControl.Workflow.BaseModels;
using MemControl.Workflow.Reports;

namespace MemControl.Cli.Commands.Generate;

/// <summary>
/// <c>memcontrol generate</c>: prompt → images with the base model, or with a trained adapter loaded onto the UNet
/// (its base-model identity checked) and merged into plain weights so sampling costs what the base model costs.
/// Writes a grid PNG (one row per prompt) and each image as its own PNG beside it.
/// </summary>
public sealed class GenerateCommand(IAnsiConsole console, StatusConsole status) : Command<GenerateSettings>
{
    public override int Execute(CommandContext context, GenerateSettings settings, CancellationToken cancellationToken)
    {
        OptionNames.Parsed("--device", () => ComputeDevice.Parse(settings.Device));
        var (model, identity) = BaseModel.Load(settings.Model!);
        using var _ = model;
        if (settings.Adapter is { } adapterFolder)
        {
            if (!Directory.Exists(adapterFolder))
            {
                throw new DirectoryNotFoundException($"--adapter: the folder '{adapterFolder}' does not exist");
            }

            var adapter = AdapterSet.Load(model.Unet, adapterFolder, new PeftContext(identity));
            adapter.Merge();
            status.Console.MarkupLineInterpolated($"adapter {adapter.Method.Config.Method} ({adapter.TrainableCount:N0} values) merged into the UNet");
        }

        BaseModel.MoveTo(model, settings.Device);
        model.SetEvaluationMode();
        var pipeline = TextToImagePipeline.For(model);
        var images = new List<ImageData>();
        for (var p = 0; p < settings.Prompts.Length; p++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var request = new GenerationRequest(
                Enumerable.Repeat(settings.Prompts[p], settings.Count).ToList(),
                settings.Negative is null ? null : Enumerable.Repeat(settings.Negative, settings.Count).ToList(),
                settings.Steps,
                settings.Guidance,
                Seed: settings.Seed + p);
            using var batch = pipeline.Generate(request);
            images.AddRange(ImageBatch.ToImages(batch));
            status.Console.MarkupLineInterpolated($"prompt {p + 1}/{settings.Prompts.Length}: {settings.Count} image(s)");
        }

        var written = Write(Path.GetFullPath(settings.Out!), images, settings.Count);
        console.MarkupLineInterpolated($"wrote {written[0]} and {written.Count - 1} single image(s) beside it");
        return 0;
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
