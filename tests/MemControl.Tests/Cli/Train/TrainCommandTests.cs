using System.Globalization;
using System.Text.Json;
using MemControl.Tests.Support;
using Spectre.Console.Testing;

namespace MemControl.Tests.Cli.Train;

/// <summary>End-to-end runs of <c>memcontrol train</c> on the tiny parity pipeline.</summary>
public sealed class TrainCommandTests : IDisposable
{
    private readonly string output = TrainRun.TemporaryFolder();

    [Fact]
    public void Three_steps_of_attention_tuning_leave_the_adapter_the_losses_the_plot_and_the_summary()
    {
        // Given
        using var folder = ParityPipelineFolder.Create();

        // When
        var (exitCode, printed) = TrainRun.Train(folder.Path, output, steps: 3);

        // Then
        Assert.True(exitCode == 0, printed);
        foreach (var file in new[] { "adapter.json", "adapter.safetensors", "losses.csv", "loss.png", "train.json" })
        {
            Assert.True(File.Exists(Path.Combine(output, file)), $"{file} missing; output:\n{printed}");
        }

        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "train.json")));
        Assert.Equal(3, summary.RootElement.GetProperty("steps").GetInt32());
        Assert.Equal("attention", summary.RootElement.GetProperty("options").GetProperty("method").GetString());
        Assert.True(summary.RootElement.GetProperty("trainable_count").GetInt64() > 0);
        Assert.Equal(4, File.ReadAllLines(Path.Combine(output, "losses.csv")).Length);
        Assert.Equal([0x89, 0x50, 0x4E, 0x47], File.ReadAllBytes(Path.Combine(output, "loss.png"))[..4]);
        Assert.Empty(Directory.GetFiles(output, "*.tmp-*"));
    }

    [Fact]
    public void A_resumed_run_continues_from_the_checkpoint_and_keeps_the_earlier_losses()
    {
        // Given
        using var folder = ParityPipelineFolder.Create();
        var (firstExit, firstPrinted) = TrainRun.Train(folder.Path, output, steps: 2);
        Assert.True(firstExit == 0, firstPrinted);
        var firstLosses = File.ReadAllLines(Path.Combine(output, "losses.csv"))[1..];

        // When
        var (exitCode, printed) = TrainRun.Train(folder.Path, output, steps: 4, "--resume");

        // Then
        Assert.True(exitCode == 0, printed);
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "train.json")));
        Assert.Equal(4, summary.RootElement.GetProperty("steps").GetInt32());
        Assert.Equal(2, summary.RootElement.GetProperty("resumed_from_step").GetInt32());
        var losses = File.ReadAllLines(Path.Combine(output, "losses.csv"))[1..];
        Assert.Equal(4, losses.Length);
        Assert.Equal(firstLosses, losses[..2]);
        Assert.All(losses, line => Assert.True(double.IsFinite(double.Parse(line.Split(',')[1], CultureInfo.InvariantCulture))));
    }

    [Fact]
    public void A_loss_that_becomes_infinite_stops_the_run_with_one_line_and_exit_code_4()
    {
        // Given
        using var folder = ParityPipelineFolder.Create();

        // When: a learning rate of 1e30 sends the LoRA weights past float32's range after one AdamW step.
        var (exitCode, printed) = TrainRun.Train(folder.Path, output, steps: 4, "--lr", "1e30");

        // Then
        Assert.Equal(4, exitCode);
        Assert.Contains("training stopped", printed, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", printed, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(output, "adapter.safetensors")));
    }

    [Fact]
    public void In_a_terminal_the_run_shows_a_progress_bar_with_the_loss()
    {
        // Given
        using var folder = ParityPipelineFolder.Create();
        var console = new TestConsole().Width(200).Interactive();

        // When
        var exitCode = MemControl.Cli.MemControlApp.Run(
            ["train", "--model", folder.Path, "--data", "phantoms", "--phantoms", "6", "--method", "lora", "--batch", "2", "--steps", "2", "--out", output],
            console);

        // Then
        Assert.True(exitCode == 0, console.Output);
        Assert.Contains("step 2/2  loss ", console.Output, StringComparison.Ordinal);
        Assert.Contains("steps/s", console.Output, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(output))
        {
            Directory.Delete(output, recursive: true);
        }
    }
}
