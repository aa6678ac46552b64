using System.Text.Json;
using MemControl.Tests.Cli.Train;
using MemControl.Tests.Support;

namespace MemControl.Tests.Cli.Detect;

/// <summary>End-to-end runs of <c>memcontrol detect</c> on the tiny parity pipeline, and its refusals.</summary>
public sealed class DetectCommandTests : IDisposable
{
    private readonly string folder = TrainRun.TemporaryFolder();

    [Fact]
    public void Prompts_get_a_score_and_the_decision_of_the_given_threshold()
    {
        // Given
        using var model = ParityPipelineFolder.Create();
        Directory.CreateDirectory(folder);
        var prompts = Path.Combine(folder, "prompts.txt");
        File.WriteAllText(prompts, "a chest x-ray showing cardiomegaly\n\nno finding\n");
        var json = Path.Combine(folder, "detect.json");

        // When: threshold 0 flags every prompt (a score is a norm, > 0).
        var (exitCode, printed) = TrainRun.Cli(
            "detect", "--model", model.Path, "--prompts", prompts, "--prompt", "normal", "--threshold", "0", "--generations", "2", "--out", json);

        // Then
        Assert.True(exitCode == 0, printed);
        Assert.Contains("given (--threshold)", printed, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(File.ReadAllText(json));
        var rows = document.RootElement.GetProperty("prompts");
        Assert.Equal(3, rows.GetArrayLength());
        Assert.Equal("normal", rows[0].GetProperty("prompt").GetString());
        Assert.All(rows.EnumerateArray(), r => Assert.True(r.GetProperty("memorized").GetBoolean()));
        Assert.All(rows.EnumerateArray(), r => Assert.Equal(2, r.GetProperty("perGeneration").GetArrayLength()));
    }

    [Fact]
    public void A_calibrated_threshold_lies_within_the_calibration_prompts_scores()
    {
        // Given
        using var model = ParityPipelineFolder.Create();
        Directory.CreateDirectory(folder);
        var plain = Path.Combine(folder, "plain.txt");
        File.WriteAllText(plain, "no finding\nnormal chest\nclear lungs\n");
        var json = Path.Combine(folder, "detect.json");

        // When
        var (exitCode, printed) = TrainRun.Cli(
            "detect", "--model", model.Path, "--prompt", "a chest x-ray", "--calibrate-prompts", plain, "--generations", "1", "--out", json);

        // Then
        Assert.True(exitCode == 0, printed);
        using var document = JsonDocument.Parse(File.ReadAllText(json));
        var root = document.RootElement;
        Assert.StartsWith("quantile 0.95 of 3 calibration prompts", root.GetProperty("thresholdSource").GetString(), StringComparison.Ordinal);
        Assert.True(root.GetProperty("threshold").GetDouble() > 0);
    }

    [Theory]
    [InlineData("--first-steps", "30")]
    [InlineData("--generations", "0")]
    [InlineData("--calibration-quantile", "1")]
    public void A_bad_option_value_is_refused_naming_the_option(string option, string value)
    {
        // When
        var (exitCode, printed) = TrainRun.Cli("detect", "--model", "/nowhere", "--prompt", "x", "--calibrate-prompts", "/nowhere.txt", option, value);

        // Then
        Assert.Equal(2, exitCode);
        Assert.Contains(option, printed, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_prompts_file_is_refused_naming_it()
    {
        // When
        var (exitCode, printed) = TrainRun.Cli("detect", "--model", "/nowhere", "--prompts", "/no/such/prompts.txt");

        // Then
        Assert.Equal(3, exitCode);
        Assert.Contains("/no/such/prompts.txt", printed, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
