using System.Text.Json;
using MemControl.Models.Schedulers;
using MemControl.Tests.Support;
using TorchSharp;
using MemControl.Models.Loading;
using static TorchSharp.torch;

namespace MemControl.Tests.Models.Schedulers;

/// <summary>The schedulers against diffusers 0.40 on schedulers_io.safetensors (SD-1.5 betas, float32, CPU).</summary>
[Trait("Category", "Parity")]
public sealed class SchedulerParityTests
{
    private const double Tolerance = 1e-4;

    [Fact]
    public void Alphas_cumprod_match_diffusers()
    {
        // Given
        var reference = Reference();
        var noiseSchedule = new NoiseSchedule(Config("ddpm", DiffusionSchedulers.Ddpm));

        // When
        var alphasCumprod = noiseSchedule.AlphasCumprod;

        // Then
        AssertClose(reference["alphas_cumprod"], alphasCumprod, "alphas_cumprod");
    }

    [Fact]
    public void Ddpm_AddNoise_matches_diffusers_at_t_0_499_999()
    {
        // Given
        var reference = Reference();
        var scheduler = new DdpmScheduler(Config("ddpm", DiffusionSchedulers.Ddpm));

        // When
        using var noisy = scheduler.AddNoise(reference["x0"], reference["noise"], reference["t"]);

        // Then
        Assert.Equal([0L, 499, 999], reference["t"].data<long>().ToArray());
        AssertClose(reference["ddpm_add_noise"], noisy, "ddpm_add_noise");
    }

    [Fact]
    public void Ddpm_GetVelocity_matches_the_diffusers_v_target()
    {
        // Given
        var reference = Reference();
        var scheduler = new DdpmScheduler(Config("ddpm", DiffusionSchedulers.Ddpm));

        // When
        using var velocity = scheduler.GetVelocity(reference["x0"], reference["noise"], reference["t"]);

        // Then
        AssertClose(reference["v_target"], velocity, "v_target");
    }

    [Fact]
    public void Ddim_SetTimesteps_10_matches_diffusers()
    {
        // Given
        var reference = Reference();
        var scheduler = new DdimScheduler(Config("ddim", DiffusionSchedulers.Ddim));

        // When
        scheduler.SetTimesteps(10);

        // Then
        Assert.Equal(reference["ddim_timesteps_10"].data<long>().ToArray(), scheduler.Timesteps);
    }

    [Fact]
    public void Ddim_step_at_index_3_matches_diffusers()
    {
        // Given
        var reference = Reference();
        var scheduler = new DdimScheduler(Config("ddim", DiffusionSchedulers.Ddim));
        scheduler.SetTimesteps(10);

        // When
        using var previous = scheduler.Step(reference["ddim_eps"], scheduler.Timesteps[3], reference["ddim_sample"], eta: 0);

        // Then
        AssertClose(reference["ddim_step_index3_prev"], previous, "ddim_step_index3_prev");
    }

    private static Dictionary<string, Tensor> Reference() =>
        SafetensorsFile.ReadAll(TestPaths.RequireParityPath("schedulers_io.safetensors"));

    /// <summary>One scheduler's object of schedulers_config.json (which has no _class_name of its own).</summary>
    private static SchedulerConfig Config(string key, string className)
    {
        var path = TestPaths.RequireParityPath("schedulers_config.json");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return SchedulerConfig.FromJson(document.RootElement.GetProperty(key), className, path);
    }

    private static void AssertClose(Tensor expected, Tensor actual, string name)
    {
        Assert.Equal(expected.shape, actual.shape);
        var difference = (expected - actual).abs().max().item<float>();
        Assert.True(difference <= Tolerance, $"{name}: max abs difference {difference:E3} > {Tolerance:E0}");
    }
}
