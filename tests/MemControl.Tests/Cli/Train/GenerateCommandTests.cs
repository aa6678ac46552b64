using MemControl.Tests.Support;
using SkiaSharp;

namespace MemControl.Tests.Cli.Train;

/// <summary>End-to-end runs of <c>memcontrol generate</c> on the tiny parity pipeline (16×16 images).</summary>
public sealed class GenerateCommandTests : IDisposable
{
    private readonly string folder = TrainRun.TemporaryFolder();

    [Fact]
    public void Generating_with_a_trained_adapter_writes_a_grid_and_each_image_at_the_model_size()
    {
        // Given
        using var model = ParityPipelineFolder.Create();
        var run = Path.Combine(folder, "run");
        var (trainExit, trainPrinted) = TrainRun.Train(model.Path, run, steps: 2);
        Assert.True(trainExit == 0, trainPrinted);
        var grid = Path.Combine(folder, "samples.png");

        // When
        var (exitCode, printed) = TrainRun.Cli(
            "generate", "--model", model.Path, "--adapter", run, "--prompt", "a chest x-ray", "--prompt", "no finding",
            "--steps", "2", "--count", "2", "--out", grid);

        // Then: a 2 × 2 grid (1-pixel gaps) and four single 16 × 16 images.
        Assert.True(exitCode == 0, printed);
        using (var image = SKBitmap.Decode(grid))
        {
            Assert.Equal((33, 33), (image.Width, image.Height));
        }

        for (var i = 0; i < 4; i++)
        {
            using var single = SKBitmap.Decode(Path.Combine(folder, $"samples-{i}.png"));
            Assert.Equal((16, 16), (single.Width, single.Height));
        }
    }

    [Fact]
    public void An_adapter_trained_on_another_model_is_refused_with_one_line()
    {
        // Given: an adapter whose recorded base model is not this one.
        using var model = ParityPipelineFolder.Create();
        var run = Path.Combine(folder, "run");
        Assert.Equal(0, TrainRun.Train(model.Path, run, steps: 1).ExitCode);
        var description = Path.Combine(run, "adapter.json");
        File.WriteAllText(description, System.Text.RegularExpressions.Regex.Replace(
            File.ReadAllText(description), "\"base_model_identity\": \"[0-9a-f]+\"", "\"base_model_identity\": \"0123\""));

        // When
        var (exitCode, printed) = TrainRun.Cli(
            "generate", "--model", model.Path, "--adapter", run, "--prompt", "x", "--steps", "1", "--out", Path.Combine(folder, "x.png"));

        // Then
        Assert.Equal(3, exitCode);
        Assert.Contains("adapter.json", printed, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(folder, "x.png")));
    }

    [Fact]
    public void A_missing_adapter_folder_is_refused_naming_the_option()
    {
        // When
        var (exitCode, printed) = TrainRun.Cli(
            "generate", "--model", "builtin", "--adapter", Path.Combine(folder, "none"), "--prompt", "x", "--steps", "1", "--out", Path.Combine(folder, "x.png"));

        // Then
        Assert.Equal(3, exitCode);
        Assert.Contains("--adapter: the folder ", printed, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(folder, "x.png")));
    }

    [Fact]
    public void An_output_that_is_not_a_png_is_refused_naming_the_option()
    {
        // When
        var (exitCode, printed) = TrainRun.Cli("generate", "--model", "/m", "--prompt", "x", "--out", "grid.jpg");

        // Then
        Assert.Equal(2, exitCode);
        Assert.Contains("--out", printed, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
