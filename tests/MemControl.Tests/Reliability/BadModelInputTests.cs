using System.Text.Json.Nodes;
using MemControl.Cli;
using MemControl.Tests.Cli.Train;
using MemControl.Tests.Support;

namespace MemControl.Tests.Reliability;

/// <summary>
/// A damaged base model or a mask for another model, given to `train`: one line naming the file (and the key or field),
/// the bad-input exit code, no stack trace, and nothing trained. The readers' own cases (every way a safetensors header
/// can lie, misshapen keys, …) are tested in Models/Loading; these check that the CLI says so in one line.
/// </summary>
public sealed class BadModelInputTests : IDisposable
{
    private readonly string output = TrainRun.TemporaryFolder();

    public void Dispose()
    {
        if (Directory.Exists(output))
        {
            Directory.Delete(output, recursive: true);
        }
    }

    [Theory]
    [InlineData("truncated weights", "diffusion_pytorch_model.safetensors")]
    [InlineData("a header length of 2^60", "diffusion_pytorch_model.safetensors")]
    [InlineData("config with other channel widths", "diffusion_pytorch_model.safetensors")]
    [InlineData("config that is not JSON", "config.json")]
    public void A_damaged_unet_is_one_line_naming_the_file(string damage, string named)
    {
        // Given
        using var model = ParityPipelineFolder.Create();
        var unet = Path.Combine(model.Path, "unet");
        var weights = Path.Combine(unet, "diffusion_pytorch_model.safetensors");
        var config = Path.Combine(unet, "config.json");
        switch (damage)
        {
            case "truncated weights":
                File.WriteAllBytes(weights, File.ReadAllBytes(weights)[..(int)(new FileInfo(weights).Length * 2 / 3)]);
                break;
            case "a header length of 2^60":
                var bytes = File.ReadAllBytes(weights);
                BitConverter.TryWriteBytes(bytes.AsSpan(0, 8), 1UL << 60);
                File.WriteAllBytes(weights, bytes);
                break;
            case "config with other channel widths":
                var json = JsonNode.Parse(File.ReadAllText(config))!;
                json["block_out_channels"] = new JsonArray(32, 32, 64, 128);
                File.WriteAllText(config, json.ToJsonString());
                break;
            default:
                File.WriteAllText(config, "{ \"_class_name\": \"UNet2DConditionModel\", ");
                break;
        }

        // When
        var (exitCode, printed) = TrainRun.Train(model.Path, output, steps: 1);

        // Then
        Assert.True(exitCode == UserErrors.BadInput, printed);
        Assert.Contains(named, printed, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", printed, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(output, "adapter.safetensors")));
    }

    [Fact]
    public void A_mask_file_of_another_base_model_is_one_line_naming_the_field()
    {
        // Given
        using var model = ParityPipelineFolder.Create();
        var mask = Path.Combine(model.Path, "mask.json");
        File.WriteAllText(mask, """
            {"method":"attention","variant":null,"space":"default","bits":[1,0,1,0,1,0,1,0],"blocks":[],
             "learning_rate":0.0001,"trainable_count":1000,"base_model_identity":"sha256-of-another-model"}
            """);

        // When
        var (exitCode, printed) = TrainRun.Train(model.Path, output, steps: 1, "--mask", mask);

        // Then
        Assert.True(exitCode == UserErrors.BadInput, printed);
        Assert.Contains("mask.json", printed, StringComparison.Ordinal);
        Assert.Contains("base_model_identity", printed, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", printed, StringComparison.Ordinal);
    }
}
