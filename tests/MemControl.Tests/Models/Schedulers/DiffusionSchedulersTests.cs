using MemControl.Models.Schedulers;

namespace MemControl.Tests.Models.Schedulers;

public sealed class DiffusionSchedulersTests
{
    [Theory]
    [InlineData(DiffusionSchedulers.Ddpm, typeof(DdpmScheduler))]
    [InlineData(DiffusionSchedulers.Ddim, typeof(DdimScheduler))]
    [InlineData(DiffusionSchedulers.Pndm, typeof(PndmScheduler))]
    public void Create_builds_the_scheduler_the_class_name_names(string className, Type expected)
    {
        // Given
        var config = SchedulerConfig.StableDiffusion15(className);

        // When
        var scheduler = DiffusionSchedulers.Create(config);

        // Then
        Assert.IsType(expected, scheduler);
        Assert.Equal(1.0, scheduler.InitNoiseSigma);
    }

    [Fact]
    public void Create_lists_the_supported_classes_for_an_unknown_one()
    {
        // Given
        var config = SchedulerConfig.StableDiffusion15() with { ClassName = "LMSDiscreteScheduler" };

        // When
        var error = Assert.Throws<ArgumentException>(() => DiffusionSchedulers.Create(config));

        // Then
        Assert.Contains("LMSDiscreteScheduler", error.Message);
        Assert.Contains("DDIMScheduler, DDPMScheduler, PNDMScheduler", error.Message);
    }
}
