using System.Text.Json.Nodes;
using MemControl.Cli;
using MemControl.Tests.Cli.Train;
using MemControl.Tests.Support;

namespace MemControl.Tests.Reliability;

/// <summary>A UNet config.json with a size of 0 or below: one line naming the file and the key (exit 3), not a stack trace (exit 70).</summary>
public sealed class UnetConfigValueTests : IDisposable
{
    private readonly string output = TrainRun.TemporaryFolder();

    [Theory]
    [InlineData("attention_head_dim", 0)]
    [InlineData("in_channels", 0)]
    [InlineData("norm_num_groups", -8)]
    [InlineData("sample_size", -16)]
    public void A_non_positive_size_names_the_file_and_the_key(string key, int value)
    {
        // Given
        using var model = ParityPipelineFolder.Create();
        var config = Path.Combine(model.Path, "unet", "config.json");
        var json = JsonNode.Parse(File.ReadAllText(config))!.AsObject();
        json[key] = value;
        File.WriteAllText(config, json.ToJsonString());

        // When
        var (exitCode, printed) = TrainRun.Cli("generate", "--model", model.Path, "--prompt", "x", "--steps", "1", "--out", Path.Combine(output, "x.png"));

        // Then
        Assert.Equal(UserErrors.BadInput, exitCode);
        Assert.Contains("config.json", printed, StringComparison.Ordinal);
        Assert.Contains($"'{key}'", printed, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", printed, StringComparison.Ordinal);
        Assert.False(Directory.Exists(output));
    }

    public void Dispose()
    {
        if (Directory.Exists(output))
        {
            Directory.Delete(output, recursive: true);
        }
    }
}
