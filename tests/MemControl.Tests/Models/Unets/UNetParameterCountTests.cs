using MemControl.Models.Unets;
using TorchSharp;
using static TorchSharp.torch;

namespace MemControl.Tests.Models.Unets;

/// <summary>Runs alone: it switches TorchSharp's process-wide default device.</summary>
[CollectionDefinition(nameof(DefaultDeviceCollection), DisableParallelization = true)]
public sealed class DefaultDeviceCollection;

[Collection(nameof(DefaultDeviceCollection))]
public sealed class UNetParameterCountTests
{
    [Fact]
    public void Stable_diffusion_15_has_the_parameter_count_diffusers_reports()
    {
        // Given: parameters on the meta device, which allocates no memory for the 3.4 GB of weights
        var previous = get_default_device();
        set_default_device(new Device(DeviceType.META));
        try
        {
            // When
            using var model = new MemControl.Models.Unets.UNet2DConditionModel(UNet2DConditionConfig.StableDiffusion15);
            var count = model.parameters().Sum(parameter => parameter.numel());

            // Then: 859,520,964 as diffusers counts (docs/decisions.md §4)
            Assert.Equal(859_520_964L, count);
        }
        finally
        {
            set_default_device(previous);
        }
    }
}
