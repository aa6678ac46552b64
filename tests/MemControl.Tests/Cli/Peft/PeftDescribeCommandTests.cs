using MemControl.Models.Loading;
using MemControl.Tests.Models.Unets;
using MemControl.Tests.Support;

namespace MemControl.Tests.Cli.Peft;

/// <summary>Runs alone: the command switches TorchSharp's process-wide default device to build the UNet on meta.</summary>
[Collection(nameof(DefaultDeviceCollection))]
public sealed class PeftDescribeCommandTests
{
    private const string PaperMask = "1,1,0,0,0,0,1,1,1,0,0,0,0";

    [Fact]
    public void The_papers_svdiff_mask_on_sd15_trains_167229_of_859520964_values()
    {
        // Given: SV-DIFF as the official code reads it, with the mask of the paper (docs/decisions.md §4: 0.019 %)
        string[] options = ["--model", "sd15", "--method", "svdiff", "--variant", "memcontrol", "--space", "official13", "--mask", PaperMask];

        // When
        var (exitCode, output) = PeftDescribe.Run(options);

        // Then
        Assert.Equal(0, exitCode);
        Assert.Contains("859,520,964", output);
        Assert.Matches(@"trainable in total\s*│\s*│\s*167,229\s*│\s*0\.0195 %", output);
        Assert.Contains("down_blocks.0.attentions.0", output);
        Assert.Contains("up_blocks.3.attentions.1", output);
    }

    [Fact]
    public void The_built_in_model_is_described_by_its_name_like_in_every_other_command()
    {
        // When
        var (exitCode, output) = PeftDescribe.Run(["--model", "builtin", "--method", "difffit"]);

        // Then: the built-in UNet has 1,685,921 parameters (README, "The built-in base model").
        Assert.Equal(0, exitCode);
        Assert.Contains("1,685,921", output);
    }

    [Fact]
    public void The_json_of_the_papers_mask_lists_13_bits_with_their_blocks_and_the_totals()
    {
        // When
        var json = PeftDescribe.Json("--model", "sd15", "--method", "svdiff", "--variant", "memcontrol", "--space", "official13", "--mask", PaperMask);

        // Then
        Assert.Equal(859_520_964, (long)json["unet_parameters"]!);
        Assert.Equal(167_229, (long)json["trainable_values"]!);
        Assert.Equal(0.0195, Math.Round((double)json["trainable_percent_of_unet"]!, 4));
        var bits = json["bits"]!.AsArray();
        Assert.Equal(13, bits.Count);
        Assert.Equal("mid_block.attentions.0", (string)bits[6]!["block"]!);
        Assert.Equal(PaperMask, string.Join(",", bits.Select(bit => (bool)bit!["on"]! ? "1" : "0")));
        var onBits = bits.Where(bit => (bool)bit!["on"]!).Sum(bit => (long)bit!["values"]!);
        Assert.Equal(167_229, onBits + (long)json["always_trained_values"]!);
    }

    [Fact]
    public void Without_a_mask_every_bit_is_on_and_all_of_memcontrol_svdiff_trains()
    {
        // When
        var json = PeftDescribe.Json("--model", "sd15", "--method", "svdiff", "--variant", "memcontrol", "--space", "official13");

        // Then: 222,805 = full SV-DIFF, memcontrol reading (docs/peft.md)
        Assert.All(json["bits"]!.AsArray(), bit => Assert.True((bool)bit!["on"]!));
        Assert.Equal("1,1,1,1,1,1,1,1,1,1,1,1,1", string.Join(",", json["mask"]!.AsArray().Select(bit => (int)bit!)));
        Assert.Equal(222_805, (long)json["trainable_values"]!);
    }

    [Fact]
    public void A_unet_folder_is_described_from_its_config_with_the_parameter_count_of_its_weights()
    {
        // Given: the fixture's tiny UNet; its safetensors header says how many values the real weights hold
        var folder = TestPaths.RequireParityPath("unet");
        using var weights = SafetensorsFile.Open(Path.Combine(folder, "diffusion_pytorch_model.safetensors"));
        var weightValues = weights.Keys.Sum(key => weights.GetInfo(key).ElementCount);

        // When
        var json = PeftDescribe.Json("--model", folder, "--method", "full");

        // Then: full fine-tuning trains every one of them
        Assert.Equal(weightValues, (long)json["unet_parameters"]!);
        Assert.Equal(weightValues, (long)json["trainable_values"]!);
    }

    [Fact]
    public void A_pipeline_folder_is_described_through_its_unet_config()
    {
        // Given: a pipeline folder with model_index.json, whose unet/ holds only config.json
        var pipeline = TestPaths.RequireParityPath("pipeline_layout_probe");

        // When
        var json = PeftDescribe.Json("--model", pipeline, "--method", "attention");

        // Then: the default space has one bit per Transformer2DModel of that UNet
        var unetJson = PeftDescribe.Json("--model", Path.Combine(pipeline, "unet"), "--method", "attention");
        Assert.NotEmpty(json["bits"]!.AsArray());
        Assert.Equal((long)unetJson["unet_parameters"]!, (long)json["unet_parameters"]!);
        Assert.Equal((long)unetJson["trainable_values"]!, (long)json["trainable_values"]!);
        Assert.True((long)json["trainable_values"]! < (long)json["unet_parameters"]!);
    }
}
