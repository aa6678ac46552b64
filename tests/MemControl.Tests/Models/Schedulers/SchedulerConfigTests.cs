using MemControl.Models.Schedulers;
using MemControl.Tests.Support;

namespace MemControl.Tests.Models.Schedulers;

public sealed class SchedulerConfigTests : IDisposable
{
    private readonly string scratch = Directory.CreateTempSubdirectory("scheduler-config-").FullName;

    public void Dispose() => Directory.Delete(scratch, recursive: true);

    [Fact]
    public void Load_reads_the_scheduler_config_a_saved_pipeline_holds()
    {
        // Given
        var path = TestPaths.RequireParityPath("pipeline_layout_probe", "scheduler", "scheduler_config.json");

        // When
        var config = SchedulerConfig.Load(path);

        // Then
        Assert.Equal(SchedulerConfig.StableDiffusion15(DiffusionSchedulers.Ddim), config);
    }

    [Fact]
    public void Load_reads_the_SD15_PNDM_config()
    {
        // Given: runwayml/stable-diffusion-v1-5 scheduler/scheduler_config.json.
        var path = Write("""
            {"_class_name": "PNDMScheduler", "_diffusers_version": "0.6.0", "beta_end": 0.012,
             "beta_schedule": "scaled_linear", "beta_start": 0.00085, "num_train_timesteps": 1000,
             "set_alpha_to_one": false, "skip_prk_steps": true, "steps_offset": 1, "trained_betas": null, "clip_sample": false}
            """);

        // When
        var config = SchedulerConfig.Load(path);

        // Then
        Assert.Equal(SchedulerConfig.StableDiffusion15(DiffusionSchedulers.Pndm), config);
    }

    [Fact]
    public void Missing_keys_take_the_defaults_of_the_named_class()
    {
        // Given
        var path = Write("""{"_class_name": "DDIMScheduler"}""");

        // When
        var config = SchedulerConfig.Load(path);

        // Then: DDIMScheduler.__init__ defaults.
        Assert.True(config.SetAlphaToOne);
        Assert.True(config.ClipSample);
        Assert.Equal(BetaSchedule.Linear, config.BetaSchedule);
        Assert.Equal(0.0001, config.BetaStart);
        Assert.Equal(0.02, config.BetaEnd);
        Assert.Equal(0, config.StepsOffset);
    }

    [Fact]
    public void Load_names_the_key_and_the_allowed_values_of_an_unknown_choice()
    {
        // Given
        var path = Write("""{"_class_name": "DDIMScheduler", "prediction_type": "sample"}""");

        // When
        var error = Assert.Throws<InvalidDataException>(() => SchedulerConfig.Load(path));

        // Then
        Assert.Contains(path, error.Message);
        Assert.Contains("prediction_type", error.Message);
        Assert.Contains("v_prediction", error.Message);
    }

    [Fact]
    public void Load_names_a_missing_class_name()
    {
        // Given
        var path = Write("""{"beta_start": 0.00085}""");

        // When
        var error = Assert.Throws<InvalidDataException>(() => SchedulerConfig.Load(path));

        // Then
        Assert.Contains("_class_name", error.Message);
    }

    [Fact]
    public void Load_lists_the_supported_classes_for_an_unknown_one()
    {
        // Given
        var path = Write("""{"_class_name": "EulerDiscreteScheduler"}""");

        // When
        var error = Assert.Throws<InvalidDataException>(() => SchedulerConfig.Load(path));

        // Then
        Assert.Contains("EulerDiscreteScheduler", error.Message);
        Assert.Contains("DDIMScheduler, DDPMScheduler, PNDMScheduler", error.Message);
    }

    [Theory]
    [InlineData("""{"_class_name": "DDIMScheduler", "thresholding": true}""", "thresholding")]
    [InlineData("""{"_class_name": "DDPMScheduler", "rescale_betas_zero_snr": true}""", "rescale_betas_zero_snr")]
    [InlineData("""{"_class_name": "DDPMScheduler", "variance_type": "learned_range"}""", "variance_type")]
    [InlineData("""{"_class_name": "PNDMScheduler"}""", "skip_prk_steps")]
    [InlineData("""{"_class_name": "DDIMScheduler", "steps_offset": "one"}""", "steps_offset")]
    [InlineData("""{"_class_name": "DDIMScheduler", "trained_betas": [0.1, 0.2]}""", "trained_betas")]
    public void Load_refuses_what_it_does_not_implement_naming_the_key(string json, string key)
    {
        // Given
        var path = Write(json);

        // When
        var error = Assert.Throws<InvalidDataException>(() => SchedulerConfig.Load(path));

        // Then
        Assert.Contains(path, error.Message);
        Assert.Contains(key, error.Message);
    }

    private string Write(string json)
    {
        var path = Path.Combine(scratch, "scheduler_config.json");
        File.WriteAllText(path, json);
        return path;
    }
}
