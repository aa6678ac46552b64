using MemControl.Metrics.Features;
using MemControl.Tests.Cli.Train;

namespace MemControl.Tests.Cli;

/// <summary>Command-line mistakes are refused with one line naming the option and what it takes (exit code 2), never ignored.</summary>
public sealed class StrictCommandLineTests : IDisposable
{
    private readonly string output = TrainRun.TemporaryFolder();

    [Fact]
    public void A_mistyped_train_option_is_refused_with_the_nearest_option_as_a_hint()
    {
        // When: --stpes once ran the default 400 steps.
        var (exitCode, printed) = TrainRun.Cli("train", "--model", "/nonexistent", "--data", "phantoms", "--method", "attention", "--out", output, "--stpes", "2");

        // Then
        Assert.Equal(2, exitCode);
        Assert.Contains("--stpes", printed, StringComparison.Ordinal);
        Assert.Contains("did you mean --steps?", printed, StringComparison.Ordinal);
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public void An_unknown_flag_of_a_branch_command_is_refused_instead_of_exiting_0()
    {
        // When
        var (exitCode, printed) = TrainRun.Cli("data", "phantoms", "--count", "2", "--out", output, "--frob");

        // Then
        Assert.Equal(2, exitCode);
        Assert.Contains("--frob", printed, StringComparison.Ordinal);
        Assert.Contains("memcontrol data phantoms --help", printed, StringComparison.Ordinal);
        Assert.False(Directory.Exists(output));
    }

    [Theory]
    [InlineData("--lr", "abc", "not a number")]
    [InlineData("--steps", "99999999999", "not a whole number")]
    public void A_value_of_the_wrong_type_names_the_option_and_the_type_it_takes(string option, string value, string expected)
    {
        // When
        var (exitCode, printed) = TrainRun.Cli("train", "--model", "/nonexistent", "--data", "phantoms", "--method", "attention", "--out", output, option, value);

        // Then
        Assert.Equal(2, exitCode);
        Assert.Contains($"{option}: '{value}' is {expected}", printed, StringComparison.Ordinal);
        Assert.DoesNotContain("Nullable", printed, StringComparison.Ordinal);
    }

    [Fact]
    public void A_feature_model_that_is_not_onnx_is_named_as_not_an_onnx_model()
    {
        // Given: a JSON file, whose first byte reads as protobuf field 15 with wire type 3.
        Directory.CreateDirectory(output);
        var path = Path.Combine(output, "features.json");
        File.WriteAllText(path, "{\"model\": \"densenet\"}");

        // When
        var error = Assert.Throws<InvalidDataException>(() => new OnnxImageFeatureExtractor(new OnnxFeatureExtractorOptions { ModelPath = path }));

        // Then
        Assert.Contains($"'{path}' is not an ONNX model", error.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(output))
        {
            Directory.Delete(output, recursive: true);
        }
    }
}
