using MemControl.Cli.Commands.Train;
using MemControl.Training.Pretraining;
using MemControl.Workflow.Pretraining;
using Spectre.Console;
using Spectre.Console.Cli;

namespace MemControl.Cli.Commands.Pretrain;

/// <summary>
/// <c>memcontrol pretrain</c>: trains a base model of the SD-1.x classes from scratch (<see cref="PretrainRunner.Run"/>) —
/// how the built-in model under models/builtin-small was made — and says where the folder and its figures are.
/// </summary>
public sealed class PretrainCommand(IAnsiConsole console, StatusConsole status) : Command<PretrainSettings>
{
    public override int Execute(CommandContext context, PretrainSettings settings, CancellationToken cancellationToken)
    {
        var recipe = OptionNames.Parsed("--config", () => PretrainRecipes.ByName(settings.Config));
        var options = new PretrainOptions { Steps = settings.Steps, BatchSize = settings.Batch, LearningRate = settings.LearningRate, Seed = settings.Seed };
        OptionNames.Check(options.Validate, OptionTables.Pretrain);
        var request = new PretrainRequest
        {
            Data = settings.Data,
            Recipe = recipe,
            Training = options,
            Threads = settings.Threads,
            FdImages = settings.FdImages,
            Output = settings.Out!,
        };
        var summary = OptionNames.Check(
            () => PretrainRunner.Run(request, line => status.Console.WriteLine(line), new TrainProgressDisplay(status.Console), cancellationToken),
            OptionTables.Pretrain, OptionTables.PretrainRun);

        console.MarkupLineInterpolated($"{summary.Losses.Count} steps in {summary.Seconds:0} s, mean loss of the last 50 steps {summary.FinalLoss:0.0000}");
        if (summary.Check.FdGenerated is { } fd)
        {
            console.MarkupLineInterpolated($"FD-ResNet18 generated vs held-out: {fd:0.00} (held-out vs training images: {summary.Check.FdReal:0.00}, {summary.Check.FdImages} images each)");
        }

        console.MarkupLineInterpolated($"wrote the model folder {Path.GetFullPath(settings.Out!)} (samples.png, loss.png, {PretrainSummary.FileName})");
        return 0;
    }
}
