using MemControl.Metrics.Memorization;

namespace MemControl.Tests.Metrics;

public class MiFidTests
{
    [Fact]
    public void MiFid_divides_by_amd_only_below_the_threshold()
    {
        // Given: FD 10 with AMD 0.05 (below Bai et al.'s 0.1) and with AMD 0.2 (above)
        const double frechetDistance = 10;

        // When
        var closeToTraining = MiFid.Compute(frechetDistance, 0.05);
        var farFromTraining = MiFid.Compute(frechetDistance, 0.2);

        // Then: FD / 0.05 and FD / 1
        Assert.Equal(200.0, closeToTraining, 1e-9);
        Assert.Equal(10.0, farFromTraining, 1e-12);
    }
}
