using MemControl.Peft;
using MemControl.Workflow.FineTuning;

namespace MemControl.Tests.Workflow;

/// <summary>Set-up progress lines: printed for a slow set-up (SD-1.5's SVDs), not for a fast or cached one.</summary>
public sealed class SetupProgressLinesTests
{
    [Fact]
    public void A_set_up_that_ends_within_the_interval_prints_nothing()
    {
        var lines = new List<string>();
        var progress = new SetupProgressLines(lines.Add);

        for (var done = 1; done <= 40; done++)
        {
            progress.Report(new AttachProgress("svdiff", $"layer{done}", done, 40, done * 0.2));
        }

        Assert.Empty(lines);
    }

    [Fact]
    public void A_slow_set_up_prints_at_most_one_line_per_interval_and_the_last_layer()
    {
        // Given: 100 layers, 1 s each
        var lines = new List<string>();
        var progress = new SetupProgressLines(lines.Add);

        // When
        for (var done = 1; done <= 100; done++)
        {
            progress.Report(new AttachProgress("svdiff", $"layer{done}", done, 100, done));
        }

        // Then: at 10, 20, …, 100 s: ten lines, the last naming the last layer
        Assert.Equal(10, lines.Count);
        Assert.Equal("svdiff set-up: 10/100 layers decomposed (10 s), last layer10", lines[0]);
        Assert.Equal("svdiff set-up: 100/100 layers decomposed (100 s), last layer100", lines[^1]);
    }
}
