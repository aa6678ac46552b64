using System.Globalization;
using MemControl.Training;
using Spectre.Console;
using MemControl.Workflow.FineTuning;

namespace MemControl.Cli.Commands.Train;

/// <summary>
/// Shows a training loop's progress (the runners hand it the loop only, <see cref="ITrainingDisplay"/>): a Spectre
/// progress bar with loss, steps/s and ETA on an interactive terminal; plain lines (about 20 per run, plus the last
/// step) when output is redirected, for logs and tests.
/// </summary>
public sealed class TrainProgressDisplay(IAnsiConsole console) : ITrainingDisplay
{
    /// <summary>Runs <paramref name="body"/>, handing it the callback that reports each step.</summary>
    public T Show<T>(int totalSteps, Func<Action<TrainingProgress>, T> body)
    {
        if (!console.Profile.Capabilities.Interactive)
        {
            var every = Math.Max(1, totalSteps / 20);
            return body(p =>
            {
                if (p.Step % every == 0 || p.Step == p.TotalSteps)
                {
                    console.WriteLine(Describe(p));
                }
            });
        }

        return console.Progress()
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask("training", maxValue: totalSteps);
                return body(p =>
                {
                    task.Value = p.Step;
                    task.Description = Markup.Escape(Describe(p));
                });
            });
    }

    private static string Describe(TrainingProgress p) => string.Create(
        CultureInfo.InvariantCulture,
        $"step {p.Step}/{p.TotalSteps}  loss {(double.IsFinite(p.Loss) ? p.Loss.ToString("0.00000", CultureInfo.InvariantCulture) : "— (batch emptied)")}  {p.StepsPerSecond:0.00} steps/s  ETA {p.Remaining:hh\\:mm\\:ss}");
}
