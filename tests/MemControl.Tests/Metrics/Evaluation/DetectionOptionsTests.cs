using MemControl.Metrics.Evaluation;

namespace MemControl.Tests.Metrics.Evaluation;

/// <summary>Library errors name the property; the CLI maps it to its option (docs/architecture.md, "Errors").</summary>
public sealed class DetectionOptionsTests
{
    [Fact]
    public void A_first_step_count_above_the_schedule_names_both_properties_and_no_flag()
    {
        // When
        var error = Assert.Throws<ArgumentException>(() => new DetectionOptions { Steps = 10, FirstSteps = 11 }.Validate());

        // Then
        Assert.Equal("FirstSteps: must lie in 1..Steps (10), got 11", error.Message);
    }

    [Fact]
    public void The_command_line_rewords_the_property_names_as_its_options()
    {
        // When
        var error = Assert.Throws<ArgumentException>(() => MemControl.Cli.OptionNames.Check(
            new DetectionOptions { Steps = 10, FirstSteps = 11 }.Validate, MemControl.Cli.OptionTables.Detect));

        // Then
        Assert.Equal("--first-steps: must lie in 1..--steps (10), got 11", error.Message);
    }
}
