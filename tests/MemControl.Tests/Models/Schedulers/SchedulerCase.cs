using TorchSharp;
using static TorchSharp.torch;

namespace MemControl.Tests.Models.Schedulers;

/// <summary>
/// A known clean sample x₀, noise ε and perturbation δ (seeded), for analytic checks: on the forward process
/// x_t = √ᾱ_t x₀ + √(1−ᾱ_t) ε, a sampler fed the true ε must stay on that curve.
/// </summary>
internal sealed class SchedulerCase : IDisposable
{
    public SchedulerCase(int seed = 0)
    {
        var generator = new Generator((ulong)seed);
        Original = torch.randn([2, 4, 4, 4], generator: generator);
        Noise = torch.randn([2, 4, 4, 4], generator: generator);
        Perturbation = torch.randn([2, 4, 4, 4], generator: generator) * 0.5;
    }

    public Tensor Original { get; }

    public Tensor Noise { get; }

    public Tensor Perturbation { get; }

    public void Dispose()
    {
        Original.Dispose();
        Noise.Dispose();
        Perturbation.Dispose();
    }

    public static Tensor Timestep(long timestep) => torch.tensor(new[] { timestep });

    public static float MaxAbsDifference(Tensor expected, Tensor actual)
    {
        using var difference = (expected - actual).abs().max();
        return difference.item<float>();
    }
}
