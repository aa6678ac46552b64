using MemControl.Peft.Adapters;
using MemControl.Workflow.Export;
using Spectre.Console;
using Spectre.Console.Cli;

namespace MemControl.Cli.Commands.Export;

/// <summary>
/// <c>memcontrol export</c>: a trained adapter as a diffusers pipeline folder (merged into the UNet) or as LoRA weights
/// for diffusers' <c>load_lora_weights</c>; the work is <see cref="ModelExporter"/>'s.
/// </summary>
public sealed class ExportCommand(IAnsiConsole console) : Command<ExportSettings>
{
    public override int Execute(CommandContext context, ExportSettings settings, CancellationToken cancellationToken)
    {
        var format = settings.Format == "lora" ? ExportFormat.Lora : ExportFormat.Diffusers;
        ExportResult result;
        try
        {
            result = ModelExporter.Export(new ExportOptions
            {
                Model = settings.Model!,
                Adapter = settings.Adapter!,
                Output = settings.Out!,
                Format = format,
                DType = ExportDType.Parse(settings.DType),
            });
        }
        catch (ArgumentException error) when (error.ParamName == "adapters")
        {
            // Only the LoRA format refuses an adapter: say what the user can do instead.
            throw new ArgumentException($"--format lora: {error.Message.Split(" (Parameter")[0]}; use --format diffusers to export it merged");
        }

        var what = format == ExportFormat.Lora
            ? $"{result.Tensors} LoRA tensors in {DiffusersLoraWeights.FileName}"
            : $"the base pipeline with the {result.Method} adapter merged into the UNet ({result.Tensors} tensors)";
        console.MarkupLineInterpolated($"exported {what} to {result.Output}");
        return 0;
    }
}
