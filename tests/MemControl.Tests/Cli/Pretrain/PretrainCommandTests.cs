using System.Text.Json;
using MemControl.Models.Pipelines;
using MemControl.Tests.Cli.Train;

namespace MemControl.Tests.Cli.Pretrain;

/// <summary>End-to-end runs of <c>memcontrol pretrain</c> on a few phantoms (Fashion-MNIST is not needed for these).</summary>
public sealed class PretrainCommandTests : IDisposable
{
    private readonly string root = Path.Combine(Path.GetTempPath(), $"memcontrol-pretrain-cli-{Guid.NewGuid():N}");

    [Fact]
    public void Two_steps_on_a_manifest_write_a_loadable_model_folder_with_its_recipe_and_figures()
    {
        // Given
        var (phantomsExit, phantomsOutput) = TrainRun.Cli("data", "phantoms", "--count", "12", "--out", Path.Combine(root, "data"));
        Assert.True(phantomsExit == 0, phantomsOutput);
        var model = Path.Combine(root, "model");

        // When
        var (exitCode, printed) = TrainRun.Cli(
            "pretrain", "--data", Path.Combine(root, "data", "manifest.csv"), "--steps", "2", "--batch", "4", "--fd-images", "0", "--out", model);

        // Then
        Assert.True(exitCode == 0, printed);
        using var loaded = StableDiffusion.Load(model);
        Assert.Null(loaded.Vae);
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(model, "pretrain.json")));
        Assert.Equal("builtin-small", summary.RootElement.GetProperty("config").GetString());
        Assert.Equal(2, summary.RootElement.GetProperty("losses").GetArrayLength());
        Assert.Contains("--seed 0", summary.RootElement.GetProperty("command").GetString());
        Assert.True(File.Exists(Path.Combine(model, "samples.png")));
        Assert.False(Directory.Exists(model + ".partial"));
    }

    [Theory]
    [InlineData("--config", "huge", "--config")]
    [InlineData("--steps", "0", "--steps")]
    [InlineData("--data", "/no/such/manifest.csv", "/no/such/manifest.csv")]
    public void Bad_options_exit_non_zero_naming_what_is_wrong(string option, string value, string named)
    {
        // When
        var (exitCode, printed) = TrainRun.Cli("pretrain", option, value, "--out", Path.Combine(root, "model"));

        // Then
        Assert.NotEqual(0, exitCode);
        Assert.Contains(named, printed, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", printed, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(root, "model")));
    }

    [Fact]
    public void An_existing_output_folder_is_refused()
    {
        // Given
        Directory.CreateDirectory(Path.Combine(root, "model"));

        // When
        var (exitCode, printed) = TrainRun.Cli("pretrain", "--out", Path.Combine(root, "model"));

        // Then
        Assert.NotEqual(0, exitCode);
        Assert.Contains("--out: ", printed, StringComparison.Ordinal);
        Assert.Contains("already exists", printed, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
