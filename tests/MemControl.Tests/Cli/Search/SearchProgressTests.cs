using Spectre.Console;
using MemControl.Cli.Search;
using MemControl.Search;
using MemControl.Training;
using Spectre.Console.Testing;
using MemControl.Workflow.Search;

namespace MemControl.Tests.Cli.Search;

/// <summary>The live table in a terminal and the plain lines in a log.</summary>
public sealed class SearchProgressTests
{
    private static readonly SearchTrialRow Complete = new("svdiff", 0, TrialState.Complete, "1111", 1e-4, 0.25, 12.5, null);

    private static readonly SearchTrialRow Failed = new("svdiff", 1, TrialState.Failed, "1010", 5e-4, null, null, "NonFiniteLossException: loss NaN");

    [Fact]
    public void In_a_terminal_the_trials_are_a_live_table_with_the_current_step_under_it()
    {
        // Given
        var console = new TestConsole().Width(160).Interactive();
        var progress = new LiveSearchProgress(console);

        // When
        progress.Run(() =>
        {
            progress.Trials([Complete, Failed]);
            progress.Status("svdiff trial 2: fine-tuning");
            progress.Step(new TrainingProgress(3, 10, 0.125, 2.0));
            return 0;
        });

        // Then
        Assert.Contains("memorization", console.Output, StringComparison.Ordinal);
        Assert.Contains("12.5", console.Output, StringComparison.Ordinal);
        Assert.Contains("NonFiniteLossException", console.Output, StringComparison.Ordinal);
        Assert.Contains("step 3/10", console.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void In_a_log_each_finished_trial_is_one_line_written_once()
    {
        // Given
        var console = new TestConsole().Width(200);
        var progress = new LineSearchProgress(console.WriteLine);

        // When
        progress.Trials([Complete]);
        progress.Trials([Complete, Failed]);

        // Then
        var lines = console.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Equal("svdiff trial 0: memorization 0.25, FD 12.5 (bits 1111, lr 1e-4)", lines[0].TrimEnd());
        Assert.Equal("svdiff trial 1 failed: NonFiniteLossException: loss NaN", lines[1].TrimEnd());
    }

    [Fact]
    public void A_trial_that_reused_a_twins_values_says_whose_in_the_log_and_the_table()
    {
        // Given
        var reused = new SearchTrialRow("svdiff", 2, TrialState.Complete, "1111", 1e-4, 0.25, 12.5, null) { DuplicateOf = 0 };
        var log = new TestConsole().Width(200);
        var terminal = new TestConsole().Width(200).Interactive();
        var live = new LiveSearchProgress(terminal);

        // When
        new LineSearchProgress(log.WriteLine).Trials([reused]);
        live.Run(() =>
        {
            live.Trials([reused]);
            return 0;
        });

        // Then
        Assert.Equal("svdiff trial 2: memorization 0.25, FD 12.5 (bits 1111, lr 1e-4; same genes as trial 0: values reused)", log.Output.Trim());
        Assert.Contains("same genes as trial 0: values reused", terminal.Output, StringComparison.Ordinal);
    }
}
