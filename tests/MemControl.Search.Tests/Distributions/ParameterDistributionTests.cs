using MemControl.Search.Distributions;

namespace MemControl.Search.Tests.Distributions;

public sealed class ParameterDistributionTests
{
    public static TheoryData<ParameterDistribution> All() =>
    [
        new BoolDistribution(),
        new IntDistribution(-3, 7),
        new FloatDistribution(1e-5, 1e-3, log: true),
        new FloatDistribution(-5, 5),
        new CategoricalDistribution(["svdiff", "difffit", "attention"]),
    ];

    [Theory]
    [MemberData(nameof(All))]
    public void Json_round_trips_to_an_equal_distribution(ParameterDistribution distribution)
    {
        // When
        var read = ParameterDistribution.FromJson(distribution.ToJson());

        // Then
        Assert.Equal(distribution, read);
    }

    [Fact]
    public void User_values_map_to_internal_values_and_back()
    {
        // Given
        var choice = new CategoricalDistribution(["a", "b"]);

        // When / Then
        Assert.Equal(1.0, new BoolDistribution().ToInternal(true));
        Assert.Equal(1.0, choice.ToInternal("b"));
        Assert.Equal("b", choice.ToExternal(1));
        Assert.Equal(3L, new IntDistribution(0, 5).ToExternal(new IntDistribution(0, 5).ToInternal(3)));
    }

    [Fact]
    public void Values_outside_the_distribution_are_refused()
    {
        // When / Then
        Assert.Throws<ArgumentException>(() => new IntDistribution(0, 5).ToInternal(6));
        Assert.Throws<ArgumentException>(() => new CategoricalDistribution(["a"]).ToInternal("z"));
        Assert.Throws<ArgumentException>(() => new FloatDistribution(0, 1, log: true));
        Assert.Throws<InvalidDataException>(() => ParameterDistribution.FromJson("{\"type\":\"weird\"}"));
    }
}
