using System.Text.Json;
using MemControl.Tests.Cli.Train;
using MemControl.Tests.Support;
using SkiaSharp;

namespace MemControl.Tests.Cli.Evaluate;

/// <summary>End-to-end runs of <c>memcontrol evaluate</c> on the tiny parity pipeline (16×16 images), and its refusals.</summary>
public sealed class EvaluateCommandTests : IDisposable
{
    private readonly string folder = TrainRun.TemporaryFolder();

    [Fact]
    public void Evaluating_writes_metrics_a_grid_a_gallery_and_a_report()
    {
        // Given
        using var model = ParityPipelineFolder.Create();
        var output = Path.Combine(folder, "evaluate");

        // When
        var (exitCode, printed) = TrainRun.Cli(
            "evaluate", "--model", model.Path, "--data", "phantoms", "--phantoms", "4", "--prompts", "2", "--count", "2",
            "--memorization-count", "1", "--memorization-samples", "3", "--steps", "2", "--out", output);

        // Then
        Assert.True(exitCode == 0, printed);
        Assert.Contains("FD-ResNet18", printed, StringComparison.Ordinal);
        using var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "metrics.json")));
        var root = metrics.RootElement;
        Assert.Equal(1, root.GetProperty("version").GetInt32());
        var result = root.GetProperty("result");
        Assert.True(double.IsFinite(result.GetProperty("quality").GetProperty("frechetDistance").GetDouble()));
        Assert.Equal(4, result.GetProperty("generations").GetArrayLength());
        Assert.Equal(1, result.GetProperty("memorization").GetProperty("prompts").GetInt32());
        using (var grid = SKBitmap.Decode(Path.Combine(output, "grid.png")))
        {
            Assert.Equal((33, 33), (grid.Width, grid.Height)); // 2 prompts × 2 images of 16 px, 1-px gaps
        }

        using (var gallery = SKBitmap.Decode(Path.Combine(output, "gallery.png")))
        {
            Assert.True(gallery.Height > 4 * 100, $"4 gallery rows expected, height {gallery.Height}");
        }

        Assert.Contains("## Closest 4 generations", File.ReadAllText(Path.Combine(output, "evaluation.md")), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--count", "0")]
    [InlineData("--steps", "0")]
    [InlineData("--memorization-samples", "2")]
    [InlineData("--baseline-quantile", "1.5")]
    [InlineData("--prompts", "0")]
    public void A_bad_option_value_is_refused_naming_the_option(string option, string value)
    {
        // When
        var (exitCode, printed) = TrainRun.Cli("evaluate", "--model", "/nowhere", "--data", "phantoms", "--out", folder, option, value);

        // Then
        Assert.Equal(2, exitCode);
        Assert.Contains(option, printed, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", printed, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_manifest_is_refused_naming_the_file()
    {
        // When
        var (exitCode, printed) = TrainRun.Cli("evaluate", "--model", "/nowhere", "--data", "/no/such/manifest.csv", "--out", folder);

        // Then
        Assert.Equal(3, exitCode);
        Assert.Contains("/no/such/manifest.csv", printed, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_model_folder_is_refused_naming_the_option()
    {
        // When
        var (exitCode, printed) = TrainRun.Cli("evaluate", "--model", "/no/such/model", "--data", "phantoms", "--out", folder);

        // Then
        Assert.Equal(3, exitCode);
        Assert.Contains("--model", printed, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("evaluate")]
    [InlineData("detect")]
    public void The_help_lists_every_option(string command)
    {
        // When
        var (exitCode, printed) = TrainRun.Cli(command, "--help");

        // Then: descriptions are Spectre markup, so a stray bracket would crash the help page.
        Assert.Equal(0, exitCode);
        Assert.Contains("--model", printed, StringComparison.Ordinal);
        Assert.Contains("--seed", printed, StringComparison.Ordinal);
        Assert.DoesNotContain("unexpected error", printed, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
