using MemControl.Workflow.Demo;

namespace MemControl.Tests.Workflow;

/// <summary>The demo's sizes: the default profile's table carries intervals over seeds and curves; the quick one stays one seed.</summary>
public sealed class DemoProfileTests
{
    [Fact]
    public void The_default_profile_trains_three_consecutive_seeds_from_the_given_one_with_curves()
    {
        var plan = DemoProfile.Default.Benchmark("builtin", "training.csv", "/tmp/run", seed: 5);

        Assert.Equal([5, 6, 7], DemoProfile.Default.Seeds(5));
        Assert.True(plan.CurveEvery > 0 && plan.CurveEvery < plan.Steps, $"curves every {plan.CurveEvery} of {plan.Steps} steps");
    }

    [Fact]
    public void The_quick_and_smoke_profiles_stay_one_seed_without_curves()
    {
        foreach (var profile in new[] { DemoProfile.Quick, DemoProfile.Smoke })
        {
            Assert.Equal([3], profile.Seeds(3));
            Assert.Equal(0, profile.Benchmark("builtin", "training.csv", "/tmp/run", seed: 3).CurveEvery);
        }
    }
}
