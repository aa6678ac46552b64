using MemControl.Peft.Masks;
using MemControl.Peft.SvDiff;
using MemControl.Training;
using MemControl.Workflow;
using MemControl.Workflow.FineTuning;

namespace MemControl.Tests.Workflow;

/// <summary>What train.json records for the train command and for each benchmark row (one implementation for both).</summary>
public sealed class TrainDescriptionTests
{
    private static readonly FineTuneOptions Options = new() { Steps = 12, BatchSize = 3, LearningRate = 2e-4, Seed = 5 };

    [Fact]
    public void A_run_on_the_phantoms_records_the_method_mask_options_and_the_phantom_count()
    {
        // Given
        var mask = new LayerMask(MaskSpace.Official13, [true, false, true]);

        // When
        var described = TrainDescription.Of(
            "builtin", DataSources.Phantoms, 32, new SvDiffConfig { Kind = SvDiffVariant.Memcontrol }, mask, MitigationChoice.Parse("rwa"), Options, "cpu");

        // Then
        Assert.Equal(
            """{"model":"builtin","data":"phantoms","phantoms":32,"method":"svdiff","variant":"memcontrol","mask":{"space":"official13","bits":"1,0,1"},"learning_rate":0.0002,"steps":12,"batch_size":3,"seed":5,"mitigation":"rwa","resolution":null,"gradient_checkpointing":false,"grad_accum":1,"mixed_precision":"No","cache_latents":false,"device":"cpu"}""",
            described.ToJsonString());
    }

    [Fact]
    public void A_run_on_a_manifest_records_no_phantom_count_and_no_mask_when_unmasked()
    {
        // When
        var described = TrainDescription.Of(
            "/models/sd", "/data/manifest.csv", 32, new SvDiffConfig(), null, MitigationChoice.Parse("none"), Options, "cuda:1");

        // Then
        Assert.Null(described["phantoms"]);
        Assert.Null(described["mask"]);
        Assert.Equal("/data/manifest.csv", described["data"]!.GetValue<string>());
        Assert.Equal("cuda:1", described["device"]!.GetValue<string>());
    }
}
