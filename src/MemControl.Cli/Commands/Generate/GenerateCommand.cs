using MemControl.Models.Runtime;
using MemControl.Workflow.Generation;
using Spectre.Console;
using Spectre.Console.Cli;

namespace MemControl.Cli.Commands.Generate;

/// <summary>
/// <c>memcontrol generate</c>: prompt → images with the base model, or with a trained adapter merged into it
/// (<see cref="GenerateRunner.Run"/>); a grid PNG (one row per prompt) and each image as its own PNG beside it.
/// </summary>
public sealed class GenerateCommand(IAnsiConsole console, StatusConsole status) : Command<GenerateSettings>
{
    public override int Execute(CommandContext context, GenerateSettings settings, CancellationToken cancellationToken)
    {
        OptionNames.Parsed("--device", () => ComputeDevice.Parse(settings.Device));
        var written = GenerateRunner.Run(
            new GenerateRequest
            {
                Model = settings.Model!,
                Adapter = settings.Adapter,
                Prompts = settings.Prompts,
                Negative = settings.Negative,
                Steps = settings.Steps,
                Guidance = settings.Guidance,
                Seed = settings.Seed,
                Count = settings.Count,
                Device = settings.Device,
                Output = settings.Out!,
            },
            line => status.Console.WriteLine(line),
            cancellationToken);
        console.MarkupLineInterpolated($"wrote {written[0]} and {written.Count - 1} single image(s) beside it");
        return 0;
    }
}
